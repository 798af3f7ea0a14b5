using System.Globalization;
using System.Text.RegularExpressions;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;

namespace Memfun.Optimizer.Traces;

/// <summary>
/// Reads the recorded traces and finds, per run, the turns that were wasted — a file read again that an earlier turn
/// already read, code that failed, turns without progress (no code, or the same output as the turn before) and cost
/// spikes (a turn whose prompt is far larger than the run's usual) — and the strategies (REPL functions and idioms)
/// that recur among answered runs.
/// </summary>
public static partial class TraceAnalyzer
{
    /// <summary>A turn is a cost spike when its input tokens exceed this multiple of the run's median turn (and <see cref="SpikeMinimumTokens"/>).</summary>
    public const double SpikeFactor = 3;

    /// <summary>The fewest input tokens a spike has, so tiny runs do not report noise.</summary>
    public const long SpikeMinimumTokens = 2_000;

    // The functions and idioms that make up a strategy's signature.
    private static readonly string[] Idioms =
        ["llm_query_batched", "llm_query", "rlm_query", "search", "read_file", "list_files", "edit_file", "write_file", "git_log", "repo_map", ".count(", ".splitlines("];

    /// <summary>Analyses every run under <paramref name="tracesDirectory"/>.</summary>
    public static TraceAnalysis Analyze(string tracesDirectory, CancellationToken cancellationToken = default)
    {
        var store = new TraceStore(tracesDirectory);
        var runs = new List<RunAnalysis>();
        foreach (var summary in store.List())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var events = TraceStore.Read(summary);
            runs.Add(Analyze(summary, events));
        }

        return new TraceAnalysis(runs, Strategies(runs));
    }

    /// <summary>Analyses one run from its events (the root run's iterations).</summary>
    public static RunAnalysis Analyze(TraceSummary summary, IReadOnlyList<RlmEvent> events)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(events);
        var turns = events.OfType<RlmIteration>().Where(e => e.RunId == summary.RunId).OrderBy(e => e.Index).ToList();
        var findings = new List<TraceFinding>();
        var read = new Dictionary<string, int>(StringComparer.Ordinal);
        string? previousOutput = null;
        foreach (var turn in turns)
        {
            foreach (var path in ReadRegex().Matches(turn.Code).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal))
            {
                if (read.TryGetValue(path, out var first))
                {
                    findings.Add(new TraceFinding("repeated_read", turn.Index, $"read {path} again (first read in turn {first}); keep it in a variable"));
                }
                else
                {
                    read[path] = turn.Index;
                }
            }

            if (turn.Error is not null)
            {
                findings.Add(new TraceFinding("failed_code", turn.Index, $"the code failed: {FirstLine(turn.Error)}"));
            }
            else if (turn.Code.Trim().Length == 0)
            {
                findings.Add(new TraceFinding("no_progress", turn.Index, "the reply had no code"));
            }
            else if (previousOutput is not null && turn.Output == previousOutput)
            {
                findings.Add(new TraceFinding("no_progress", turn.Index, "the output was the same as the turn before"));
            }

            previousOutput = turn.Output;
        }

        if (turns.Count >= 3)
        {
            var median = turns.Select(t => t.InputTokens).Order().ElementAt(turns.Count / 2);
            findings.AddRange(turns.Where(t => t.InputTokens >= SpikeMinimumTokens && t.InputTokens > median * SpikeFactor)
                .Select(t => new TraceFinding("cost_spike", t.Index, string.Create(CultureInfo.InvariantCulture, $"{t.InputTokens:N0} input tokens, {t.InputTokens / (double)Math.Max(1, median):0.#}× the run's median turn"))));
        }

        var strategy = Idioms.Where(idiom => turns.Any(t => t.Code.Contains(idiom + (char.IsLetter(idiom[^1]) ? "(" : ""), StringComparison.Ordinal)))
            .Select(i => i.Trim('.', '(')).Order(StringComparer.Ordinal).ToList();
        return new RunAnalysis(summary.RunId, summary.Query, summary.Status, turns.Count, summary.Usage?.TotalTokens ?? 0, strategy, [.. findings.OrderBy(f => f.Turn)]);
    }

    private static List<StrategyPattern> Strategies(List<RunAnalysis> runs) =>
        [.. runs.Where(r => r.Status == "answered" && r.Strategy.Count > 0)
            .GroupBy(r => string.Join('+', r.Strategy), StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => new StrategyPattern(g.First().Strategy, [.. g.Select(r => r.RunId)], [.. g.Select(r => r.Query)], g.Average(r => r.Turns)))
            .OrderByDescending(p => p.RunIds.Count).ThenBy(p => p.MeanTurns)];

    private static string FirstLine(string text) => text.Split('\n')[0];

    [GeneratedRegex(@"read_file\(\s*(?:path\s*=\s*)?['""](?<path>[^'""]+)['""]")]
    private static partial Regex ReadRegex();
}
