using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary><c>memfun review</c>: reviews the working tree's diff, the staged changes, or a ref range.</summary>
public sealed class ReviewCommand(CliEnvironment environment) : AgentCommand<ReviewCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.ReviewAsync(new ReviewScope(settings.Staged, settings.Range), cancellationToken);

    /// <summary>Which change to review.</summary>
    public sealed class Settings : AgentCommandSettings
    {
        /// <summary>Gets or sets whether to review staged changes.</summary>
        [CommandOption("--staged")]
        [Description("Review the staged changes instead of the working tree.")]
        public bool Staged { get; set; }

        /// <summary>Gets or sets the ref range.</summary>
        [CommandOption("--range <RANGE>")]
        [Description("Review a ref range, for example main..HEAD.")]
        public string? Range { get; set; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            Staged && Range is not null ? ValidationResult.Error("Use --staged or --range, not both.") : base.Validate();
    }
}
