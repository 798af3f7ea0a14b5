using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Tools.Permissions;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agents;

/// <summary><c>memfun agent info NAME</c>: an agent's fields and instructions.</summary>
public sealed class AgentInfoCommand(CliEnvironment environment) : LocalCommand<AgentInfoCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, Settings settings)
    {
        var catalog = WhileConfigLoads(projectRoot => AgentDefinitions.Discover(Environment, projectRoot), out _);
        var agent = AgentDefinitions.Find(catalog, settings.Name);
        if (settings.Json)
        {
            WriteJson(JsonView(agent));
            return ExitCodes.Success;
        }

        var fields = TextTable.RenderFields(
            [
                ("Name", agent.Name),
                ("Description", agent.Description),
                ("Capabilities", string.Join(", ", agent.Capabilities)),
                ("Tools", agent.Tools.Count == 0 ? "Read Grep Glob (default)" : string.Join(" ", ToolRequest.Texts(agent.Tools))),
                ("Model", agent.Model ?? "(configured model)"),
                ("Trust", TrustTiers.Name(agent.Trust)),
                ("Max iterations", agent.MaxIterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(configured limit)"),
                ("Source", agent.FilePath),
            ],
            Environment.OutputWidth);
        Environment.OutWriter.WriteLine(fields);
        Environment.OutWriter.WriteLine(agent.Instructions);
        return ExitCodes.Success;
    }

    private static Dictionary<string, object?> JsonView(AgentDefinition agent)
    {
        var fields = AgentDefinitions.JsonFields(agent);
        fields["instructions"] = agent.Instructions;
        return fields;
    }

    /// <summary>The agent's name.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the name.</summary>
        [CommandArgument(0, "<NAME>")]
        [Description("The agent's name (memfun agent list shows them).")]
        public string Name { get; set; } = "";
    }
}
