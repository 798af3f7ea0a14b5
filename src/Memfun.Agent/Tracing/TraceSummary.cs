using Memfun.Agent.Rlm;
using Memfun.Llm.Usage;

namespace Memfun.Agent.Tracing;

/// <summary>One recorded run at a glance: what was asked, how it ended, what it cost.</summary>
/// <param name="RunId">The run id (the trace file's name).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Query">The task.</param>
/// <param name="Model">The root model.</param>
/// <param name="Status"><c>answered</c>, <c>limit reached</c> (no answer submitted within the iteration limit), <c>failed</c> or <c>incomplete</c> (the process ended mid-run).</param>
/// <param name="Iterations">Root iterations.</param>
/// <param name="SubCalls">Sub-calls.</param>
/// <param name="Usage">Tokens and cost, when the run ended.</param>
/// <param name="ElapsedMs">Wall-clock time, when the run ended.</param>
/// <param name="Error">The error, when it failed.</param>
/// <param name="Path">The trace file.</param>
public sealed record TraceSummary(string RunId, DateTimeOffset StartedAt, string Query, string Model, string Status,
    int Iterations, int SubCalls, UsageTotals? Usage, double? ElapsedMs, string? Error, string Path)
{
    /// <summary>Summarises a root run from its first and last events.</summary>
    public static TraceSummary From(RlmRunStarted started, RlmRunFinished? finished, string path)
    {
        ArgumentNullException.ThrowIfNull(started);
        var status = finished is null ? "incomplete" : finished.Error is not null ? "failed" : finished.Termination == RlmTermination.Extracted ? "limit reached" : "answered";
        return new TraceSummary(started.RunId, started.At, started.Query, started.Model, status,
            finished?.Iterations ?? 0, finished?.SubCalls ?? 0, finished?.Usage, finished?.ElapsedMs, finished?.Error, path);
    }
}
