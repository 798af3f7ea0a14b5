using System.ComponentModel;
using Memfun.Agent.Coding;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// <c>memfun fix "bug"</c>: the agent stages a patch through host tools; the diff is shown and written only after
/// approval (a prompt on a terminal, or <c>--yes</c>).
/// </summary>
public sealed class FixCommand(CliEnvironment environment) : AgentCommand<FixCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override Task<CodingResult> RunAgentAsync(CodingAgent agent, Settings settings, CancellationToken cancellationToken) =>
        agent.FixAsync(settings.Description, cancellationToken);

    /// <inheritdoc />
    protected override object? JsonExtras(CodingResult result) => new { diff = result.Diff, files = result.Edits.Paths };

    /// <inheritdoc />
    protected override async Task<int> CompleteAsync(CodingResult result, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Diff.Length == 0)
        {
            Environment.Error.MarkupLine("[yellow]The agent proposed no change.[/]");
            return ExitCodes.Success;
        }

        if (!settings.Json)
        {
            Environment.Out.WriteLine();
            foreach (var line in result.Diff.Split('\n'))
            {
                var color = line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? "bold"
                    : line.StartsWith('+') ? "green" : line.StartsWith('-') ? "red" : line.StartsWith("@@", StringComparison.Ordinal) ? "cyan" : "default";
                Environment.Out.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
            }
        }

        var approved = settings.Yes
            || (Environment.IsInteractive && await Environment.Error.ConfirmAsync($"Apply these changes to {result.Edits.Paths.Count} file(s)?", defaultValue: false, cancellationToken).ConfigureAwait(false));
        if (!approved)
        {
            throw new SecurityException(MemfunErrorCodes.SecurityApprovalRequired, "The patch was not applied: nothing was written.")
            {
                Hint = Environment.IsInteractive ? null : "Run again with --yes to apply without asking (for scripts).",
            };
        }

        await result.Edits.ApplyAsync(cancellationToken).ConfigureAwait(false);
        Environment.Error.MarkupLine($"[green]Applied[/] changes to {Markup.Escape(string.Join(", ", result.Edits.Paths))}.");
        return ExitCodes.Success;
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
        [Description("Apply the patch without asking (for scripts).")]
        public bool Yes { get; set; }
    }
}
