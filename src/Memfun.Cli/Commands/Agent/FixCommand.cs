using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// <c>memfun fix "bug"</c>: the agent reproduces the bug and stages a patch in its own workspace, the project's tests
/// run before and after, and the diff is shown and written only after approval (all, per file, or none; <c>--yes</c> or
/// <c>--mode auto-edit</c> apply without asking).
/// </summary>
public sealed class FixCommand(CliEnvironment environment) : AgentCommand<FixCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.FixAsync(settings.Description, cancellationToken);

    /// <inheritdoc />
    protected override object? JsonExtras(CodingResult result) => PatchExtras(result);

    /// <inheritdoc />
    protected override Task<int> CompleteAsync(CodingResult result, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return OfferPatchAsync(result, settings, settings.Yes, cancellationToken);
    }

    /// <summary>The bug and whether to apply without asking.</summary>
    public sealed class Settings : AgentCommandSettings
    {
        /// <summary>Gets or sets the bug description.</summary>
        [CommandArgument(0, "<DESCRIPTION>")]
        [Description("What is wrong, in quotes (a symptom, an error message, a failing test).")]
        public string Description { get; set; } = "";

        /// <summary>Gets or sets whether to apply without asking.</summary>
        [CommandOption("-y|--yes")]
        [Description("Apply the patch without asking, as --mode auto-edit does (for scripts); undo with memfun undo.")]
        public bool Yes { get; set; }
    }
}
