using Memfun.Agent.Rlm;

namespace Memfun.Optimizer.Mipro;

/// <summary>The outcome of a MIPROv2 search.</summary>
/// <param name="Program">The best program on every task (the starting one when nothing beat it).</param>
/// <param name="Score">Its mean score on every task.</param>
/// <param name="BaselineScore">The starting program's mean score on every task.</param>
/// <param name="InstructionIndex">The chosen instruction candidate (0: unchanged).</param>
/// <param name="DemoSetIndex">The chosen demo set (0: none).</param>
/// <param name="Instructions">Every instruction candidate; index 0 is the starting one.</param>
/// <param name="DemoSets">Every demo set; index 0 is empty.</param>
/// <param name="Trials">Every trial, in order.</param>
/// <param name="StoppedByBudget">Whether the model budget ended the search early.</param>
public sealed record MiproResult(RlmPromptProgram Program, double Score, double BaselineScore, int InstructionIndex, int DemoSetIndex,
    IReadOnlyList<string> Instructions, IReadOnlyList<IReadOnlyList<RlmDemo>> DemoSets, IReadOnlyList<MiproTrial> Trials, bool StoppedByBudget)
{
    /// <summary>Gets whether the search found a program better than the starting one.</summary>
    public bool Improved => Score > BaselineScore;
}
