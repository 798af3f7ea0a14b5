using System.ComponentModel;
using System.Globalization;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Optimizer.Evaluation;
using Memfun.Optimizer.Programs;
using Memfun.Skills.Discovery;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Optimize;

/// <summary>
/// <c>memfun eval [SUITE...]</c>: runs task suites on the configured model through the agent and, beside it, the
/// no-REPL baseline; prints a table (or JSON) and writes a Markdown report.
/// </summary>
public sealed class EvalCommand(CliEnvironment environment) : MemfunCommand<EvalCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig(settings.Overrides());
        var tasks = await settings.Selection().LoadAsync(Environment.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        using var runner = await session.EvalRunnerAsync(cancellationToken).ConfigureAwait(false);
        var (program, warning) = await new OptimizedProgramStore(config.StateDirectory, DefinitionRoots.UserDirectory(Environment.Variables)).LoadAsync(cancellationToken).ConfigureAwait(false);
        if (warning is not null)
        {
            session.WarnOnce(warning);
        }
        else if (!program.IsEmpty)
        {
            Environment.Error.MarkupLine("[grey]using the optimized root program (memfun optimize --show)[/]");
        }

        var report = await runner.RunAsync(tasks, program, !settings.NoBaseline,
            result => Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{result.Task.Suite}/{result.Task.Id}: {result.Rlm.Score:0.##}{(result.Baseline is { } b ? $" (baseline {b.Score:0.##})" : "")}"))),
            cancellationToken).ConfigureAwait(false);

        var markdown = report.ToMarkdown();
        var reportPath = settings.Markdown is { } path ? Path.GetFullPath(path, Environment.WorkingDirectory) : Path.Combine(config.StateDirectory, "eval", "report.md");
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        await AtomicFile.WriteAsync(reportPath, System.Text.Encoding.UTF8.GetBytes(markdown), cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            await WriteJsonAsync(report.ToJson()).ConfigureAwait(false);
        }
        else
        {
            Environment.Out.Write(Table(report));
        }

        Environment.Error.MarkupLine(Markup.Escape($"report: {reportPath}"));
        return ExitCodes.Success;
    }

    /// <summary>The terminal table: one row per task and mode, then the totals.</summary>
    internal static Table Table(EvalReport report)
    {
        var table = new Table().AddColumns("Suite", "Task", "Context", "Mode", "Score", "Turns", "Tokens", "Cost", "Time", "Termination");
        foreach (var (suite, id, size, mode, o) in report.Rows())
        {
            table.AddRow(
                Markup.Escape(suite), Markup.Escape(id), size, mode,
                o.Score.ToString("0.###", CultureInfo.InvariantCulture),
                o.Turns.ToString(CultureInfo.InvariantCulture),
                (o.InputTokens + o.OutputTokens).ToString("N0", CultureInfo.InvariantCulture),
                DisplayFormat.Dollars(o.CostUsd),
                string.Create(CultureInfo.InvariantCulture, $"{o.ElapsedMs / 1000:0.0} s"),
                Markup.Escape(o.Termination));
        }

        return table;
    }

    /// <summary>The suites and the report.</summary>
    public sealed class Settings : SuiteSettings
    {
        /// <summary>Gets or sets whether to skip the no-REPL baseline.</summary>
        [CommandOption("--no-baseline")]
        [Description("Do not run the no-REPL baseline (the model given the context directly).")]
        public bool NoBaseline { get; set; }

        /// <summary>Gets or sets where to write the Markdown report.</summary>
        [CommandOption("--markdown <PATH>")]
        [Description("Where to write the Markdown report (default .memfun/eval/report.md).")]
        public string? Markdown { get; set; }
    }
}
