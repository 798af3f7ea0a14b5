using System.ComponentModel;
using Memfun.Cli.Commands.Setup.Checks;
using Memfun.Cli.Diagnostics;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Setup;

/// <summary><c>memfun doctor</c>: runs every registered check and prints what is missing and how to fix it.</summary>
public sealed class DoctorCommand(CliEnvironment environment, IEnumerable<IDoctorCheck> checks) : MemfunCommand<DoctorCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        MemfunConfig config;
        try
        {
            config = LoadConfig();
        }
        catch (ConfigException e)
        {
            // A broken config is the first thing doctor must report, not a reason to stop checking.
            Environment.Error.MarkupLine($"[red]configuration[/]: {Markup.Escape(e.Message)}");
            config = new MemfunConfig { ProjectRoot = Environment.WorkingDirectory };
        }

        var all = settings.Deep ? checks.Append(new ModelRequestCheck(Environment.Variables)) : checks;
        var results = await Task.WhenAll(all.Select(async check => (Check: check, Result: await RunSafelyAsync(check, config, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var failed = results.Any(r => r.Check.IsRequired && r.Result.Status == DoctorStatus.Missing);
        if (settings.Json)
        {
            await WriteJsonAsync(results.Select(r => new { name = r.Check.Name, required = r.Check.IsRequired, status = r.Result.Status.ToString().ToLowerInvariant(), detail = r.Result.Detail, fix = r.Result.Fix })).ConfigureAwait(false);
        }
        else
        {
            var table = new Table().AddColumns("Check", "Status", "Detail", "How to fix");
            foreach (var (check, result) in results)
            {
                var status = result.Status switch
                {
                    DoctorStatus.Ok => "[green]OK[/]",
                    DoctorStatus.Warning => "[yellow]warn[/]",
                    _ => check.IsRequired ? "[red]missing[/]" : "[yellow]missing[/]",
                };
                table.AddRow(Markup.Escape(check.Name), status, Markup.Escape(result.Detail), Markup.Escape(result.Fix ?? string.Empty));
            }

            Environment.Out.Write(table);
            Environment.Error.MarkupLine(failed ? "[red]Some required checks failed.[/]" : "[green]Memfun can run here.[/]");
        }

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
