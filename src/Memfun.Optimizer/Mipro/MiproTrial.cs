namespace Memfun.Optimizer.Mipro;

/// <summary>One trial of the search.</summary>
/// <param name="Number">The trial's number, from 1.</param>
/// <param name="InstructionIndex">The instruction candidate (0: unchanged).</param>
/// <param name="DemoSetIndex">The demo set (0: none).</param>
/// <param name="Score">The mean score on the minibatch.</param>
/// <param name="FullScore">The mean score on every task, when the candidate was scored on all of them after this trial.</param>
public sealed record MiproTrial(int Number, int InstructionIndex, int DemoSetIndex, double Score, double? FullScore);
