using System.Globalization;
using Memfun.Agent.Tracing;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Traces;

/// <summary><c>memfun traces list</c>: the recorded runs, newest first.</summary>
public sealed class TracesListCommand(CliEnvironment environment) : LocalCommand<JsonSettings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, JsonSettings settings)
    {
        var runs = WhileConfigLoads(projectRoot => new TraceStore(MemfunConfig.TracesDirectoryOf(projectRoot)).List(), out _);
        if (settings.Json)
        {
            WriteJson(runs);
            return ExitCodes.Success;
        }

        if (runs.Count == 0)
        {
            Environment.ErrorWriter.WriteLine("No recorded runs yet: memfun ask \"...\" records one.");
            return ExitCodes.Success;
        }

        var table = new TextTable("Run", "Started", "Status", "Turns", "Sub-calls", "Tokens", "Cost", "Task");
        foreach (var run in runs)
        {
            table.AddRow(
                run.RunId,
                DisplayFormat.LocalMinute(run.StartedAt),
                run.Status,
                run.Iterations.ToString(CultureInfo.InvariantCulture),
                run.SubCalls.ToString(CultureInfo.InvariantCulture),
                (run.Usage?.TotalTokens ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                DisplayFormat.Dollars(run.Usage?.CostUsd ?? 0m),
                run.Query.Length > 60 ? run.Query[..60] + "…" : run.Query);
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        return ExitCodes.Success;
    }
}
