namespace Memfun.Optimizer.Traces;

/// <summary>What <c>memfun optimize --report</c> shows: each run's inefficiencies and the strategies that recur in answered runs.</summary>
/// <param name="Runs">Each analysed run, newest first.</param>
/// <param name="Strategies">Strategies used by at least two answered runs, most used first.</param>
public sealed record TraceAnalysis(IReadOnlyList<RunAnalysis> Runs, IReadOnlyList<StrategyPattern> Strategies)
{
    /// <summary>Counts the findings of each kind over every run.</summary>
    public IReadOnlyDictionary<string, int> FindingCounts
    {
        get
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var run in Runs)
            {
                foreach (var finding in run.Findings)
                {
                    counts[finding.Kind] = counts.GetValueOrDefault(finding.Kind) + 1;
                }
            }

            return counts;
        }
    }
}
