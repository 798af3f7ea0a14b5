using Memfun.Llm.Usage;

namespace Memfun.Hosting.Remote;

/// <summary>What a worker's coding agent returned: the run as a local command would print it, and the proposed patch (never applied on the worker).</summary>
/// <param name="RunId">The run's id (its trace's name).</param>
/// <param name="Answer">The answer, in Markdown.</param>
/// <param name="Termination">How the answer was produced (<c>Submitted</c>, <c>AnswerVariable</c>, <c>Extracted</c>).</param>
/// <param name="Iterations">Root turns.</param>
/// <param name="SubCalls">Sub-model calls.</param>
/// <param name="Usage">Tokens and cost.</param>
/// <param name="ElapsedMs">Wall-clock milliseconds on the worker.</param>
/// <param name="Diff">The unified diff of the proposed edits (<c>fix</c>), empty when none.</param>
/// <param name="Files">The files the diff changes.</param>
/// <param name="Worker">Which worker ran it (<c>host/pid</c>).</param>
/// <param name="Attempt">The delivery attempt that produced it (its progress events carry the same id).</param>
public sealed record RemoteResult(
    string RunId,
    string Answer,
    string Termination,
    int Iterations,
    int SubCalls,
    UsageTotals Usage,
    long ElapsedMs,
    string Diff,
    IReadOnlyList<string> Files,
    string Worker,
    string Attempt);
