namespace Memfun.Optimizer.Traces;

/// <summary>A strategy that recurs among answered runs: the same REPL functions and idioms, used by several runs.</summary>
/// <param name="Strategy">The functions and idioms (sorted).</param>
/// <param name="RunIds">The answered runs that used it.</param>
/// <param name="Queries">Their tasks.</param>
/// <param name="MeanTurns">Their mean root turns.</param>
public sealed record StrategyPattern(IReadOnlyList<string> Strategy, IReadOnlyList<string> RunIds, IReadOnlyList<string> Queries, double MeanTurns)
{
    /// <summary>Gets a stable short name for the pattern: its functions joined by '+'.</summary>
    public string Name => string.Join('+', Strategy);
}
