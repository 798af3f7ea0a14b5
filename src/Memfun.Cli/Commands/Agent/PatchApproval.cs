using Memfun.Agent;
using Memfun.Agent.Verification;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Tools.Changes;
using Memfun.Tools.Files;
using Spectre.Console;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// Shows a staged patch (with its test results) and writes the files the user approves: all, a chosen few, or none.
/// Files that changed on disk since the agent read them are conflicts, reported and never overwritten; every apply
/// records a checkpoint for <c>memfun undo</c>; the patch is kept for <c>memfun apply RUN_ID</c>.
/// </summary>
internal static class PatchApproval
{
    private const string ApplyAll = "Apply every file";
    private const string Choose = "Choose files";
    private const string Reject = "Reject (keep the patch for memfun apply)";

    /// <summary>Offers the patch for approval under <paramref name="mode"/> and applies what was approved.</summary>
    /// <param name="environment">The console.</param>
    /// <param name="projectRoot">The project.</param>
    /// <param name="runId">The run that staged the patch.</param>
    /// <param name="edits">The staged edits.</param>
    /// <param name="tests">The tests before and after the change, when the run verified it.</param>
    /// <param name="mode">The permission mode (<see cref="AgentMode.AutoEdit"/> applies without asking).</param>
    /// <param name="only">The files to apply (chosen on the command line); null to offer every file.</param>
    /// <param name="json">Whether the command prints JSON (the diff is then not printed, and a refusal is reported, not thrown).</param>
    /// <param name="cancellationToken">Cancels the prompt.</param>
    /// <exception cref="SecurityException">Not approved, in text mode (<see cref="MemfunErrorCodes.SecurityApprovalRequired"/>); nothing was written.</exception>
    public static async Task<PatchOutcome> OfferAsync(
        CliEnvironment environment, string projectRoot, string runId, PendingEdits edits, TestVerification? tests, AgentMode mode,
        IReadOnlyCollection<string>? only, bool json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edits);
        if (edits.Paths.Count == 0)
        {
            environment.Error.MarkupLine("[yellow]The agent proposed no change.[/]");
            return PatchOutcome.Empty;
        }

        var kept = await new PatchStore(projectRoot).SaveAsync(edits.ToPatch(runId), cancellationToken).ConfigureAwait(false);
        if (!json)
        {
            WriteDiff(environment, await edits.DiffAsync(only, cancellationToken).ConfigureAwait(false));
        }

        WriteTests(environment, tests);
        var conflicts = edits.Conflicts(only);
        foreach (var path in conflicts)
        {
            environment.Error.MarkupLine($"[red]conflict:[/] {Markup.Escape(path)} changed on disk since the agent read it; it will not be overwritten.");
        }

        var chosen = mode switch
        {
            AgentMode.AutoEdit => only ?? edits.Paths,
            AgentMode.Ask when environment.IsInteractive => await AskAsync(environment, only ?? edits.Paths, cancellationToken).ConfigureAwait(false),
            _ => [],
        };
        if (chosen.Count == 0)
        {
            var why = mode == AgentMode.ReadOnly ? "read-only mode writes nothing" : environment.IsInteractive ? "it was rejected" : "nobody approved it";
            var message = $"The patch was not applied ({why}): nothing was written. It is kept: apply it later with `memfun apply {runId}`.";
            if (!json)
            {
                throw new SecurityException(MemfunErrorCodes.SecurityApprovalRequired, message)
                {
                    Hint = environment.IsInteractive ? null : "Run again with --yes (or --mode auto-edit) to apply without asking, for scripts.",
                };
            }

            environment.Error.MarkupLine(Markup.Escape(message));
            return new PatchOutcome([], conflicts, null, kept, ExitCodes.Security);
        }

        var report = await edits.ApplyAsync(chosen, cancellationToken).ConfigureAwait(false);
        var checkpoint = await new CheckpointStore(projectRoot).SaveAsync(runId, report.Applied, cancellationToken).ConfigureAwait(false);
        if (report.Applied.Count > 0)
        {
            environment.Error.MarkupLine($"[green]Applied[/] {Markup.Escape(string.Join(", ", report.Applied.Select(f => f.Path)))} (undo with `memfun undo {Markup.Escape(runId)}`).");
        }

        var skipped = edits.Paths.Except(chosen, StringComparer.Ordinal).ToList();
        if (skipped.Count > 0)
        {
            environment.Error.MarkupLine($"Not applied: {Markup.Escape(string.Join(", ", skipped))} (kept: `memfun apply {Markup.Escape(runId)}`).");
        }

        if (report.Conflicts.Count > 0)
        {
            environment.Error.MarkupLine($"[red]error {MemfunErrorCodes.ToolConflict}:[/] {Markup.Escape(string.Join(", ", report.Conflicts))} changed on disk since the agent read {(report.Conflicts.Count == 1 ? "it" : "them")}, and {(report.Conflicts.Count == 1 ? "was" : "were")} left as you edited {(report.Conflicts.Count == 1 ? "it" : "them")}.");
        }

        return new PatchOutcome([.. report.Applied.Select(f => f.Path)], report.Conflicts, checkpoint?.Id, kept, report.Conflicts.Count > 0 ? ExitCodes.Tool : ExitCodes.Success);
    }

    /// <summary>Returns the mode a command runs its approval in: <c>--yes</c> means auto-edit, except that read-only always wins.</summary>
    public static AgentMode Mode(AgentMode configured, bool yes) => yes && configured != AgentMode.ReadOnly ? AgentMode.AutoEdit : configured;

    /// <summary>Returns the JSON form of a test verification (snake_case, like every command's output).</summary>
    public static object? TestsJson(TestVerification? tests) => tests is null ? null : new
    {
        command = tests.Command.Command,
        source = tests.Command.Source,
        before = ReportJson(tests.Before),
        after = tests.After is { } after ? ReportJson(after) : null,
        regressed = tests.Regressed,
    };

    private static object ReportJson(TestReport report) => new
    {
        exit_code = report.ExitCode,
        failed = report.Failed,
        passed = report.Passed,
        timed_out = report.TimedOut,
        summary = report.Summary,
    };

    private static async Task<IReadOnlyCollection<string>> AskAsync(CliEnvironment environment, IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        var choice = paths.Count == 1
            ? (await environment.Error.ConfirmAsync($"Apply the change to {paths.First()}?", defaultValue: false, cancellationToken).ConfigureAwait(false) ? ApplyAll : Reject)
            : await new SelectionPrompt<string>().Title($"Apply the changes to {paths.Count} files?").AddChoices(ApplyAll, Choose, Reject)
                .ShowAsync(environment.Error, cancellationToken).ConfigureAwait(false);
        return choice switch
        {
            ApplyAll => paths,
            Choose => await new MultiSelectionPrompt<string>().Title("Files to apply (space toggles, enter confirms):").NotRequired().AddChoices(paths)
                .ShowAsync(environment.Error, cancellationToken).ConfigureAwait(false),
            _ => [],
        };
    }

    private static void WriteDiff(CliEnvironment environment, string diff)
    {
        environment.Out.WriteLine();
        foreach (var line in diff.Split('\n'))
        {
            var color = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "bold"
                : line.StartsWith('+') ? "green" : line.StartsWith('-') ? "red" : line.StartsWith("@@", StringComparison.Ordinal) ? "cyan" : "default";
            environment.Out.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
        }
    }

    private static void WriteTests(CliEnvironment environment, TestVerification? tests)
    {
        if (tests is null)
        {
            return;
        }

        var color = tests.Regressed || tests.After is { Succeeded: false } ? "red" : tests.After is { Succeeded: true } ? "green" : "yellow";
        environment.Error.MarkupLine($"[{color}]tests:[/] {Markup.Escape(tests.Summary)}");
        if (tests.Regressed)
        {
            environment.Error.MarkupLine("[red]warning:[/] this change makes the tests worse; it is not a fix as it stands.");
        }
        else if (tests.After is { Succeeded: false })
        {
            environment.Error.MarkupLine("[yellow]warning:[/] the tests still fail with this change.");
        }
    }
}
