using System.Globalization;
using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Tools.Changes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Changes;

/// <summary>
/// <c>memfun undo [RUN_ID]</c>: restores the files the latest applied patch (of the run, when given) changed, byte for
/// byte; refuses, changing nothing, when any of them was edited since.
/// </summary>
public sealed class UndoCommand(CliEnvironment environment) : MemfunCommand<UndoCommand.Settings>(environment)
{
    private bool _listing;

    /// <inheritdoc />
    /// <remarks>Restoring files is logged; listing what could be restored only when it fails, as the other listings.</remarks>
    protected override bool LogsSuccess => !_listing;

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _listing = settings.List;
        var config = LoadConfig();
        var store = new CheckpointStore(config.ProjectRoot);
        if (settings.List)
        {
            var checkpoints = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            if (settings.Json)
            {
                await WriteJsonAsync(checkpoints.Select(c => new { id = c.Id, run_id = c.RunId, applied_at = c.AppliedAt, files = c.Files.Select(f => f.Path) })).ConfigureAwait(false);
            }
            else if (checkpoints.Count == 0)
            {
                await Environment.ErrorWriter.WriteLineAsync("Nothing to undo: no applied patch is recorded in this project.").ConfigureAwait(false);
            }
            else
            {
                foreach (var checkpoint in checkpoints)
                {
                    await Environment.OutWriter.WriteLineAsync(TerminalText.Inert(string.Create(CultureInfo.InvariantCulture,
                        $"{checkpoint.RunId}  {DisplayFormat.LocalMinute(checkpoint.AppliedAt)}  {string.Join(", ", checkpoint.Files.Select(f => f.Path))}"))).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        }

        var undone = await store.UndoAsync(settings.RunId, cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            await WriteJsonAsync(new { run_id = undone.RunId, checkpoint = undone.Id, restored = undone.Files.Select(f => f.Path) }).ConfigureAwait(false);
        }
        else
        {
            Environment.Error.MarkupLine($"[green]Restored[/] {Markup.Escape(string.Join(", ", undone.Files.Select(f => f.Path)))} as they were before run {Markup.Escape(undone.RunId)}'s patch.");
        }

        return ExitCodes.Success;
    }

    /// <summary>Which run to undo.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the run id (or a unique prefix).</summary>
        [CommandArgument(0, "[RUN_ID]")]
        [Description("Undo this run's latest applied patch (its id, or a unique prefix); the latest applied patch of any run when absent.")]
        public string? RunId { get; set; }

        /// <summary>Gets or sets whether to list the checkpoints instead.</summary>
        [CommandOption("--list")]
        [Description("List the applied patches that can be undone, newest first.")]
        public bool List { get; set; }

        /// <inheritdoc />
        internal override bool TryReadOption(string name, string[] tokens, ref int index)
        {
            if (name is not "--list")
            {
                return base.TryReadOption(name, tokens, ref index);
            }

            List = true;
            return true;
        }
    }
}
