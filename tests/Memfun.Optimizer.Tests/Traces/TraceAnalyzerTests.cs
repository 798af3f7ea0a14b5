using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Llm.Usage;
using Memfun.Optimizer.Traces;
using Memfun.Testing;

namespace Memfun.Optimizer.Tests.Traces;

/// <summary>Trace analysis on traces written by the real collector.</summary>
public sealed class TraceAnalyzerTests : IDisposable
{
    private readonly TempDirectory _traces = new();
    private DateTimeOffset _clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Dispose() => _traces.Dispose();

    private void Record(string runId, string query, bool answered, params (string Code, string Output, string? Error, long InputTokens)[] turns)
    {
        using var collector = new TraceCollector(_traces.Path);
        collector.OnEvent(new RlmRunStarted(runId, 0, _clock = _clock.AddMinutes(1), null, query, "m", 100));
        for (var i = 0; i < turns.Length; i++)
        {
            collector.OnEvent(new RlmIteration(runId, 0, _clock, i + 1, 1_000, turns[i].InputTokens, 10, turns[i].Code, turns[i].Output, turns[i].Error, 1, 1));
        }

        collector.OnEvent(new RlmRunFinished(runId, 0, _clock, answered ? "done" : "partial", answered ? RlmTermination.Submitted : RlmTermination.Extracted, null,
            turns.Length, 0, new UsageTotals(turns.Length, turns.Sum(t => t.InputTokens), 10, 0, 0, 0), 10));
    }

    [Fact]
    public async Task Report_FindsRepeatedReads_FailedCode_TurnsWithoutProgress_AndCostSpikes()
    {
        Record("run-waste", "Where is the config read?", answered: false,
            ("print(read_file('app/config.py')[:200])", "CONFIG = {}", null, 1_000),
            ("text = read_file(\"app/config.py\")\nprint(text.splt())", "", "AttributeError: 'str' object has no attribute 'splt'", 1_100),
            ("", "", null, 1_200),
            ("print(search('load_config'))", "app/main.py:3:load_config()", null, 9_000),
            ("print(search('load_config'))", "app/main.py:3:load_config()", null, 1_300));

        var analysis = TraceAnalyzer.Analyze(_traces.Path, TestContext.Current.CancellationToken);

        var run = Assert.Single(analysis.Runs);
        Assert.Equal(
            [("repeated_read", 2), ("failed_code", 2), ("no_progress", 3), ("cost_spike", 4), ("no_progress", 5)],
            run.Findings.Select(f => (f.Kind, f.Turn!.Value)));
        Assert.Contains("app/config.py", run.Findings[0].Detail, StringComparison.Ordinal);
        Assert.Contains("AttributeError", run.Findings[1].Detail, StringComparison.Ordinal);
        Assert.Equal(2, analysis.FindingCounts["no_progress"]);
        Assert.Empty(analysis.Strategies);
    }

    [Fact]
    public async Task Report_NamesTheStrategiesThatRecurInAnsweredRuns()
    {
        Record("run-a", "Find the retry limit", answered: true, ("hits = search('RETRIES')\nprint(read_file(hits[0].split(':')[0]))", "RETRIES = 3", null, 500), ("SUBMIT('3')", "", null, 600));
        Record("run-b", "Find the timeout", answered: true, ("hits = search('TIMEOUT')\nSUBMIT(read_file(hits[0].split(':')[0]))", "", null, 500));
        Record("run-c", "Count the labels", answered: true, ("SUBMIT(str(context.count('x')))", "", null, 500));
        Record("run-d", "Find the port", answered: false, ("hits = search('PORT')\nprint(read_file(hits[0].split(':')[0]))", "", null, 500));

        var analysis = TraceAnalyzer.Analyze(_traces.Path, TestContext.Current.CancellationToken);

        var strategy = Assert.Single(analysis.Strategies);
        Assert.Equal(["read_file", "search"], strategy.Strategy);
        Assert.Equal(["run-b", "run-a"], strategy.RunIds);
        Assert.Equal(1.5, strategy.MeanTurns);
        Assert.Equal(["count"], analysis.Runs.Single(r => r.RunId == "run-c").Strategy);
    }
}
