namespace Memfun.Optimizer.Evaluation;

/// <summary>How one task went in one mode (the RLM agent, or the no-REPL baseline).</summary>
/// <param name="Score">The scorer's score, 0..1 (0 when the run failed).</param>
/// <param name="Reason">Why it scored so.</param>
/// <param name="Turns">Root turns (1 for the baseline).</param>
/// <param name="InputTokens">Input tokens of every model call.</param>
/// <param name="OutputTokens">Output tokens of every model call.</param>
/// <param name="CostUsd">Cost of every model call (0 for unpriced models).</param>
/// <param name="ElapsedMs">Wall-clock time.</param>
/// <param name="Termination"><c>submitted</c>, <c>answervariable</c>, <c>extracted</c>, <c>direct</c> (baseline), <c>truncated</c> (baseline whose context was cut to the window) or <c>error</c>.</param>
/// <param name="Answer">The answer.</param>
/// <param name="Error">The error code and message when the run failed.</param>
/// <param name="RunId">The agent run's id (its trace), when there is one.</param>
public sealed record EvalOutcome(double Score, string Reason, int Turns, long InputTokens, long OutputTokens, decimal CostUsd, double ElapsedMs,
    string Termination, string Answer, string? Error, string? RunId);
