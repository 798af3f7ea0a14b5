using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Infrastructure;
using Memfun.Runtime;
using Memfun.Skills.Agents;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agents;

/// <summary>
/// <c>memfun agent run NAME "task"</c>: carries out a task as an AGENT.md agent in the sandbox, with the tools its
/// <c>tools</c> and trust tier permit; the other defined agents run in this process for its <c>delegate(...)</c> calls.
/// Edits are staged, shown as a diff and written only after approval, as for <c>skill invoke</c>.
/// </summary>
public sealed class AgentRunCommand(CliEnvironment environment) : AgentCommand<AgentRunCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var catalog = AgentDefinitions.Discover(Environment, Config.ProjectRoot);
        var definition = AgentDefinitions.Find(catalog, settings.Name);
        var executor = new RlmAgentExecutor(_ => agent);
        await using var runtime = await new RuntimeBuilder().UseInProcess().BuildAsync(cancellationToken).ConfigureAwait(false);
        var delegator = await AgentHost.StartAsync(runtime, catalog, executor, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await executor.RunAsync(definition, delegator.Start(definition.Name, settings.Task), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task<int> CompleteAsync(CodingResult result, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return OfferPatchAsync(result, settings, settings.Yes, cancellationToken);
    }

    /// <inheritdoc />
    protected override object? JsonExtras(CodingResult result) => PatchExtras(result);

    /// <summary>The agent, its task, and approval.</summary>
    public sealed class Settings : AgentCommandSettings
    {
        /// <summary>Gets or sets the agent's name.</summary>
        [CommandArgument(0, "<NAME>")]
        [Description("The agent's name (memfun agent list shows them).")]
        public string Name { get; set; } = "";

        /// <summary>Gets or sets the task.</summary>
        [CommandArgument(1, "<TASK>")]
        [Description("The task for the agent, in quotes.")]
        public string Task { get; set; } = "";

        /// <summary>Gets or sets whether to apply edits without asking.</summary>
        [CommandOption("-y|--yes")]
        [Description("Apply the agent's edits without asking (for scripts).")]
        public bool Yes { get; set; }
    }
}
