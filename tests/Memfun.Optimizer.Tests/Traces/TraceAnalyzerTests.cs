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

    [Theory]
    [InlineData("print(read_file('a.py'))")]
    [InlineData("x = read_file( path = \"b.py\" )\ny = read_file(\t'c/d.py')")]
    [InlineData("read_file(pathname)\nread_file('')\nread_file(read_file('e.py'))\nread_file('f.py\")")]
    [InlineData("read_file(path='g.py') + read_file(path ='g.py') + read_file('h.py'")]
    [InlineData("read_file(\n'multi\nline')\nread_file(path)\nread_file(pathx = 'i.py')")]
    public void RepeatedReads_AreTheLiteralPathsTheReadPatternFinds(string code)
    {
        // The reads a turn makes are the literal paths of read_file calls: held to the regular expression they were
        // found with before (same paths, each once, in order), by reading the same code in two turns.
        var pattern = new System.Text.RegularExpressions.Regex(@"read_file\(\s*(?:path\s*=\s*)?['""](?<path>[^'""]+)['""]");
        var expected = pattern.Matches(code).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal).ToArray();
        var summary = new TraceSummary("run-r", DateTimeOffset.UnixEpoch, "q", "m", "answered", 2, 0, null, null, null, "run-r.jsonl");
        RlmEvent[] events = [new RlmIteration("run-r", 0, DateTimeOffset.UnixEpoch, 1, 1, 1, 1, code, "a", null, 1, 1), new RlmIteration("run-r", 0, DateTimeOffset.UnixEpoch, 2, 1, 1, 1, code, "b", null, 1, 1)];

        var run = TraceAnalyzer.Analyze(summary, events);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(p => $"read {p} again (first read in turn 1); keep it in a variable"), run.Findings.Where(f => f.Kind == "repeated_read").Select(f => f.Detail));
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
