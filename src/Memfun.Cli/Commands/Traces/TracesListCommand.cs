using System.Globalization;
using Memfun.Agent.Tracing;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Traces;

/// <summary><c>memfun traces list</c>: the recorded runs, newest first.</summary>
public sealed class TracesListCommand(CliEnvironment environment) : MemfunCommand<JsonSettings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, JsonSettings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig();
        var runs = await new TraceStore(Path.Combine(config.StateDirectory, "traces")).ListAsync(cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            await WriteJsonAsync(runs).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (runs.Count == 0)
        {
            await Environment.ErrorWriter.WriteLineAsync("No recorded runs yet: memfun ask \"...\" records one.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = new TextTable("Run", "Started", "Status", "Turns", "Sub-calls", "Tokens", "Cost", "Task");
        foreach (var run in runs)
        {
            table.AddRow(
                run.RunId,
                run.StartedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                run.Status,
                run.Iterations.ToString(CultureInfo.InvariantCulture),
                run.SubCalls.ToString(CultureInfo.InvariantCulture),
                (run.Usage?.TotalTokens ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"${run.Usage?.CostUsd ?? 0m:0.####}"),
                run.Query.Length > 60 ? run.Query[..60] + "…" : run.Query);
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        return ExitCodes.Success;
    }
}
