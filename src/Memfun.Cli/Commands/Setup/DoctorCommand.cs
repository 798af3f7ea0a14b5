using System.ComponentModel;
using Memfun.Cli.Commands.Setup.Checks;
using Memfun.Cli.Diagnostics;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Setup;

/// <summary><c>memfun doctor</c>: runs every registered check and prints what is missing and how to fix it.</summary>
/// <remarks>
/// The checks run side by side and the report is a plain <see cref="TextTable"/>, written without building a console:
/// Spectre.Console's table and markup cost doctor more than a bare program's whole start-up (issue 20).
/// </remarks>
public sealed class DoctorCommand(CliEnvironment environment, IEnumerable<IDoctorCheck> checks) : MemfunCommand<DoctorCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfigOrDefaults();
        var all = new List<IDoctorCheck>(checks);
        if (settings.Deep)
        {
            all.Add(new ModelRequestCheck(Environment.Variables));
        }

        // Every check starts before any is awaited: most wait on a program or the network.
        var running = new Task<DoctorCheckResult>[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            running[i] = RunSafelyAsync(all[i], config, cancellationToken);
        }

        var results = new DoctorCheckResult[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            results[i] = await running[i].ConfigureAwait(false);
        }

        return Report(all, results, settings.Json);
    }

    // A broken config is the first thing doctor must report, not a reason to stop checking.
    private MemfunConfig LoadConfigOrDefaults()
    {
        try
        {
            return LoadConfig();
        }
        catch (ConfigException e)
        {
            // The message quotes the file's values, which a cloned project chose: shown inert, as every error is.
            Environment.ErrorWriter.WriteLine(Environment.PaintError(Ansi.Red, "configuration") + ": " + TerminalText.Inert(e.Message));
            return new MemfunConfig { ProjectRoot = Environment.WorkingDirectory };
        }
    }

    private int Report(List<IDoctorCheck> checks, DoctorCheckResult[] results, bool json)
    {
        var failed = false;
        for (var i = 0; i < checks.Count; i++)
        {
            failed |= checks[i].IsRequired && results[i].Status == DoctorStatus.Missing;
        }

        if (json)
        {
            WriteJson(JsonView(checks, results));
            return failed ? ExitCodes.ChecksFailed : ExitCodes.Success;
        }

        var table = new TextTable("Check", "Status", "Detail", "How to fix");
        for (var i = 0; i < checks.Count; i++)
        {
            var (status, colour) = results[i].Status switch
            {
                DoctorStatus.Ok => ("OK", Ansi.Green),
                DoctorStatus.Warning => ("warn", Ansi.Yellow),
                _ => ("missing", checks[i].IsRequired ? Ansi.Red : Ansi.Yellow),
            };
            table.AddRow(checks[i].Name, status, results[i].Detail, results[i].Fix).Paint(1, colour);
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth, Environment.OutColors);
        Environment.ErrorWriter.WriteLine(failed
            ? Environment.PaintError(Ansi.Red, "Some required checks failed.")
            : Environment.PaintError(Ansi.Green, "Memfun can run here."));
        return failed ? ExitCodes.ChecksFailed : ExitCodes.Success;
    }

    private static async Task<DoctorCheckResult> RunSafelyAsync(IDoctorCheck check, MemfunConfig config, CancellationToken cancellationToken)
    {
        try
        {
            return await check.RunAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DoctorCheckResult.Missing($"the check failed: {e.Message}", "rerun with --verbose, and report this if it persists");
        }
    }

    // Its own method: the anonymous type of the JSON view would otherwise be loaded on every run, with or without --json.
    private static object JsonView(List<IDoctorCheck> checks, DoctorCheckResult[] results) =>
        checks.Select((check, i) => new
        {
            name = check.Name,
            required = check.IsRequired,
            status = results[i].Status.ToString().ToLowerInvariant(),
            detail = results[i].Detail,
            fix = results[i].Fix,
        });

    /// <summary>What to check.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets a value indicating whether to send the model a one-token request.</summary>
        [CommandOption("--deep")]
        [Description("Also send the root model a one-token request, to prove the key and model name work (costs one token).")]
        public bool Deep { get; set; }

        /// <inheritdoc />
        internal override bool TryReadOption(string name, string[] tokens, ref int index)
        {
            if (name is not "--deep")
            {
                return base.TryReadOption(name, tokens, ref index);
            }

            Deep = true;
            return true;
        }
    }
}
