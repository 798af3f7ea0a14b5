using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary><c>memfun review</c>: reviews the working tree's diff, the staged changes, or a ref range.</summary>
public sealed class ReviewCommand(CliEnvironment environment) : AgentCommand<ReviewCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.ReviewAsync(new ReviewScope(settings.Staged, settings.Range), cancellationToken);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<RemoteTask>> RemoteTasksAsync(Settings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteTask>>([RemoteReview(settings.Range)]);

    /// <summary>Returns the remote form of a review: a worker sees commits, never this machine's working tree or index.</summary>
    /// <exception cref="ConfigException">No ref range was given.</exception>
    internal static RemoteTask RemoteReview(string? range) => range is { Length: > 0 }
        ? new RemoteTask { Command = "review", Range = range }
        : throw new ConfigException(MemfunErrorCodes.ConfigBadValue, "A review on a worker needs --range: workers see commits, not this machine's working tree or staged changes.")
        {
            Hint = "Commit the change and review it with --range main..HEAD --remote, or review locally without --remote.",
        };

    /// <summary>Which change to review.</summary>
    public sealed class Settings : RemoteAgentCommandSettings
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
