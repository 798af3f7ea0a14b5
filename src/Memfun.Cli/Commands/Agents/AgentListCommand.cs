using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Skills.Agents;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agents;

/// <summary><c>memfun agent list</c>: the AGENT.md agents found, their capabilities and source; load errors go to standard error.</summary>
public sealed class AgentListCommand(CliEnvironment environment) : LocalCommand<JsonSettings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, JsonSettings settings)
    {
        var catalog = WhileConfigLoads(projectRoot => AgentDefinitions.Discover(Environment, projectRoot), out var config);
        if (settings.Json)
        {
            WriteJson(JsonView(catalog));
            return ExitCodes.Success;
        }

        var table = new TextTable("Agent", "Capabilities", "Source", "Description");
        foreach (var agent in catalog.Agents)
        {
            table.AddRow(
                agent.Name,
                string.Join(", ", agent.Capabilities),
                $"{TrustTiers.Name(agent.Trust)} ({SkillCatalogs.Relative(config, agent.FilePath)})",
                agent.Description.Length > 90 ? agent.Description[..90] + "…" : agent.Description);
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        foreach (var shadowed in catalog.Shadowed)
        {
            Environment.ErrorWriter.WriteLine(TerminalText.Inert($"{shadowed.Name}: {shadowed.Reason}"));
        }

        var errors = catalog.Errors;
        if (errors.Count > 0)
        {
            SkillCatalogs.WriteLoadErrors(Environment, "agent", errors);
        }

        return ExitCodes.Success;
    }

    // Its own method: the anonymous types of the JSON view would otherwise be loaded on every run, with or without --json.
    private static object JsonView(AgentCatalog catalog) => new
    {
        agents = catalog.Agents.Select(a =>
        {
            var fields = AgentDefinitions.JsonFields(a);
            fields["shadows"] = catalog.Shadowed.Where(x => x.Name == a.Name).Select(x => x.Reason);
            return fields;
        }),
        issues = SkillCatalogs.JsonIssues(catalog.Issues),
    };
}
