using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Tools.Permissions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agents;

/// <summary><c>memfun agent info NAME</c>: an agent's fields and instructions.</summary>
public sealed class AgentInfoCommand(CliEnvironment environment) : MemfunCommand<AgentInfoCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = await LoadConfigAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var agent = AgentDefinitions.Find(AgentDefinitions.Discover(Environment, config.ProjectRoot), settings.Name);
        if (settings.Json)
        {
            await WriteJsonAsync(new
            {
                name = agent.Name,
                description = agent.Description,
                capabilities = agent.Capabilities,
                tools = agent.Tools.Select(t => t.Text),
                model = agent.Model,
                trust = TrustTiers.Name(agent.Trust),
                max_iterations = agent.MaxIterations,
                path = agent.FilePath,
                instructions = agent.Instructions,
            }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Name[/]", Markup.Escape(agent.Name));
        grid.AddRow("[bold]Description[/]", Markup.Escape(agent.Description));
        grid.AddRow("[bold]Capabilities[/]", Markup.Escape(string.Join(", ", agent.Capabilities)));
        grid.AddRow("[bold]Tools[/]", Markup.Escape(agent.Tools.Count == 0 ? "Read Grep Glob (default)" : string.Join(" ", agent.Tools.Select(t => t.Text))));
        grid.AddRow("[bold]Model[/]", Markup.Escape(agent.Model ?? "(configured model)"));
        grid.AddRow("[bold]Trust[/]", TrustTiers.Name(agent.Trust));
        grid.AddRow("[bold]Max iterations[/]", agent.MaxIterations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(configured limit)");
        grid.AddRow("[bold]Source[/]", Markup.Escape(agent.FilePath));
        Environment.Out.Write(grid);
        Environment.Out.WriteLine();
        await Environment.Out.Profile.Out.Writer.WriteLineAsync(agent.Instructions).ConfigureAwait(false);
        return ExitCodes.Success;
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
