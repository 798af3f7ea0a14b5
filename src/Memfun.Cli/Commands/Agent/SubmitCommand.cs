using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting.Remote;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// <c>memfun submit COMMAND [TEXT]</c>: sends <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c> or <c>fix</c> to a
/// worker through the configured tier and prints the result as the local command would. <c>fix</c> prints the
/// worker's patch and writes nothing: apply it with <c>git apply</c>, or run <c>memfun fix</c> locally.
/// </summary>
public sealed class SubmitCommand(CliEnvironment environment) : AgentCommand<SubmitCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("memfun submit always runs on a worker.");

    /// <inheritdoc />
    protected override Task<IReadOnlyList<RemoteTask>> RemoteTasksAsync(Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var text = settings.Text ?? "";
        RemoteTask task = settings.Command switch
        {
            "review" => ReviewCommand.RemoteReview(settings.Range),
            "analyze" => new RemoteTask { Command = "analyze", Path = string.IsNullOrWhiteSpace(text) ? null : Path.GetRelativePath(Config.ProjectRoot, Path.GetFullPath(text, Environment.WorkingDirectory)).Replace('\\', '/') },
            "ask" or "explain" or "fix" when text.Length > 0 => new RemoteTask { Command = settings.Command, Text = text, Audience = settings.Audience },
            "ask" or "explain" or "fix" => throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"memfun submit {settings.Command} needs its text (the question, target or bug), in quotes."),
            _ => throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"memfun submit cannot send '{settings.Command}'.") { Hint = "Commands: " + string.Join(", ", RemoteTask.Commands) + "." },
        };
        return Task.FromResult<IReadOnlyList<RemoteTask>>([task]);
    }

    /// <inheritdoc />
    protected override async Task<int> CompleteAsync(CodingResult result, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        if (result.Diff.Length > 0 && !settings.MachineOutput)
        {
            Environment.Error.MarkupLine("[grey]The worker's patch (not applied; git apply it to use it):[/]");
            await Environment.Out.Profile.Out.Writer.WriteAsync(result.Diff).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <inheritdoc />
    protected override object? JsonExtras(CodingResult result) => new { diff = result?.Diff };

    /// <summary>The command to send and its input.</summary>
    public sealed class Settings : RemoteAgentCommandSettings
    {
        /// <summary>Gets or sets the command.</summary>
        [CommandArgument(0, "<COMMAND>")]
        [Description("ask, explain, analyze, review or fix.")]
        public string Command { get; set; } = "";

        /// <summary>Gets or sets the command's text.</summary>
        [CommandArgument(1, "[TEXT]")]
        [Description("The question (ask), target (explain), folder (analyze) or bug (fix), in quotes.")]
        public string? Text { get; set; }

        /// <summary>Gets or sets the audience of an explanation.</summary>
        [CommandOption("--audience <WHO>")]
        [Description("Who an explanation is for (explain).")]
        public string? Audience { get; set; }

        /// <summary>Gets or sets the ref range to review.</summary>
        [CommandOption("--range <RANGE>")]
        [Description("The ref range to review (review), for example main..HEAD.")]
        public string? Range { get; set; }

        /// <inheritdoc />
        public override bool IsRemote => true;

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            RemoteTask.Commands.Contains(Command) ? ValidationResult.Success() : ValidationResult.Error($"memfun submit sends {string.Join(", ", RemoteTask.Commands)}, not '{Command}'.");
    }
}
