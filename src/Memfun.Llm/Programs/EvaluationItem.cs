namespace Memfun.Llm.Programs;

/// <summary>One dataset row's outcome in an evaluation.</summary>
/// <param name="Example">The row.</param>
/// <param name="Prediction">The program's output, or null when it failed.</param>
/// <param name="Score">The metric's score (0 for a failure).</param>
/// <param name="Error">The failure, or null.</param>
public sealed record EvaluationItem(Example Example, Prediction? Prediction, double Score, Exception? Error);
