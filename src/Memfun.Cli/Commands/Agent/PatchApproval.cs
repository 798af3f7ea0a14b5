using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console;

namespace Memfun.Cli.Commands.Agent;

/// <summary>Shows a run's staged patch and writes it only after approval (a prompt on a terminal, or <c>--yes</c>).</summary>
internal static class PatchApproval
{
    public static async Task<int> ApplyAsync(CliEnvironment environment, CodingResult result, bool json, bool yes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Diff.Length == 0)
        {
            environment.Error.MarkupLine("[yellow]The agent proposed no change.[/]");
            return ExitCodes.Success;
        }

        if (!json)
        {
            environment.Out.WriteLine();
            foreach (var line in result.Diff.Split('\n'))
            {
                var color = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "bold"
                    : line.StartsWith('+') ? "green" : line.StartsWith('-') ? "red" : line.StartsWith("@@", StringComparison.Ordinal) ? "cyan" : "default";
                environment.Out.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
            }
        }

        var approved = yes
            || (environment.IsInteractive && await environment.Error.ConfirmAsync($"Apply these changes to {result.Edits.Paths.Count} file(s)?", defaultValue: false, cancellationToken).ConfigureAwait(false));
        if (!approved)
        {
            throw new SecurityException(MemfunErrorCodes.SecurityApprovalRequired, "The patch was not applied: nothing was written.")
            {
                Hint = environment.IsInteractive ? null : "Run again with --yes to apply without asking (for scripts).",
            };
        }

        await result.Edits.ApplyAsync(cancellationToken).ConfigureAwait(false);
        environment.Error.MarkupLine($"[green]Applied[/] changes to {Markup.Escape(string.Join(", ", result.Edits.Paths))}.");
        return ExitCodes.Success;
    }
}
