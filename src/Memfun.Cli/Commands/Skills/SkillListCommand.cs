using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Skills;

/// <summary><c>memfun skill list</c>: the skills found, where each came from, which definitions they shadow and why; load errors go to standard error.</summary>
public sealed class SkillListCommand(CliEnvironment environment) : LocalCommand<JsonSettings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, JsonSettings settings)
    {
        var catalog = WhileConfigLoads(projectRoot => SkillCatalogs.Discover(Environment, projectRoot), out var config);
        if (settings.Json)
        {
            WriteJson(JsonView(catalog));
            return ExitCodes.Success;
        }

        if (catalog.Skills.Count == 0)
        {
            Environment.ErrorWriter.WriteLine("No skills found. memfun skill create NAME scaffolds one in .agents/skills/.");
        }
        else
        {
            var table = new TextTable("Skill", "Source", "Description", "Precedence");
            foreach (var skill in catalog.Skills)
            {
                table.AddRow(
                    skill.Name,
                    $"{TrustTiers.Name(skill.Trust)} ({SkillCatalogs.Relative(config, skill.FilePath)})",
                    skill.Description.Length > 90 ? skill.Description[..90] + "…" : skill.Description,
                    SkillCatalogs.ShadowReasons(catalog.Shadowed, skill.Name) is { Length: > 0 } reasons ? "won: " + reasons : "");
            }

            table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        }

        var errors = catalog.Errors;
        if (errors.Count > 0)
        {
            SkillCatalogs.WriteLoadErrors(Environment, "skill", errors);
        }

        return ExitCodes.Success;
    }

    // Its own method: the anonymous types of the JSON view would otherwise be loaded on every run, with or without --json.
    private static object JsonView(SkillCatalog catalog) => new
    {
        skills = catalog.Skills.Select(s => new
        {
            name = s.Name,
            description = s.Description,
            trust = TrustTiers.Name(s.Trust),
            path = s.FilePath,
            allowed_tools = ToolRequest.Texts(s.AllowedTools),
            shadows = catalog.Shadowed.Where(x => x.Name == s.Name).Select(x => new { path = x.Path, trust = TrustTiers.Name(x.Trust), reason = x.Reason }),
        }),
        issues = SkillCatalogs.JsonIssues(catalog.Issues),
    };
}
