namespace Memfun.Optimizer.Traces;

/// <summary>One inefficiency found in a run.</summary>
/// <param name="Kind"><c>repeated_read</c>, <c>failed_code</c>, <c>no_progress</c> or <c>cost_spike</c>.</param>
/// <param name="Turn">The turn it happened in (1-based), or null for the run as a whole.</param>
/// <param name="Detail">What happened, for people.</param>
public sealed record TraceFinding(string Kind, int? Turn, string Detail);
