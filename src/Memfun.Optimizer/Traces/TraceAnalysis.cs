namespace Memfun.Optimizer.Traces;

/// <summary>What <c>memfun optimize --report</c> shows: each run's inefficiencies and the strategies that recur in answered runs.</summary>
/// <param name="Runs">Each analysed run, newest first.</param>
/// <param name="Strategies">Strategies used by at least two answered runs, most used first.</param>
public sealed record TraceAnalysis(IReadOnlyList<RunAnalysis> Runs, IReadOnlyList<StrategyPattern> Strategies)
{
    /// <summary>Counts the findings of each kind over every run.</summary>
    public IReadOnlyDictionary<string, int> FindingCounts =>
        Runs.SelectMany(r => r.Findings).GroupBy(f => f.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
