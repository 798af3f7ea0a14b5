using System.ComponentModel;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Infrastructure;
using Memfun.Tools.Changes;
using Memfun.Tools.Files;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Changes;

/// <summary>
/// <c>memfun apply RUN_ID [FILE...]</c>: applies the patch an earlier run kept (rejected, or applied only in part), with
/// the same approval, conflict check and checkpoint as the run itself.
/// </summary>
public sealed class ApplyCommand(CliEnvironment environment) : MemfunCommand<ApplyCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = LoadConfig();
        var patch = await new PatchStore(config.ProjectRoot).LoadAsync(settings.RunId, cancellationToken).ConfigureAwait(false);
        var edits = PendingEdits.FromPatch(config.ProjectRoot, patch);
        var mode = PatchApproval.Mode(config.Agent.Mode, settings.Yes);
        var only = settings.Files.Length > 0 ? settings.Files.Select(f => f.Replace('\\', '/')).ToList() : null;
        var outcome = await PatchApproval.OfferAsync(Environment, config.ProjectRoot, patch.RunId, edits, null, mode, only, settings.Json, cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            await WriteJsonAsync(new { run_id = patch.RunId, files = edits.Paths, patch = outcome.ToJson() }).ConfigureAwait(false);
        }

        return outcome.ExitCode;
    }

    /// <summary>The run and the files to apply.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the run id (or a unique prefix).</summary>
        [CommandArgument(0, "<RUN_ID>")]
        [Description("The run whose kept patch to apply (its id, or a unique prefix).")]
        public string RunId { get; set; } = "";

        /// <summary>Gets or sets the files to apply.</summary>
        [CommandArgument(1, "[FILES]")]
        [Description("Apply only these files of the patch (project-relative paths); every file when none are given.")]
        public string[] Files { get; set; } = [];

        /// <summary>Gets or sets whether to apply without asking.</summary>
        [CommandOption("-y|--yes")]
        [Description("Apply without asking (for scripts); undo with memfun undo.")]
        public bool Yes { get; set; }
    }
}
