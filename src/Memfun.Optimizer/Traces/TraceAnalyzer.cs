using System.Globalization;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;

namespace Memfun.Optimizer.Traces;

/// <summary>
/// Reads the recorded traces and finds, per run, the turns that were wasted — a file read again that an earlier turn
/// already read, code that failed, turns without progress (no code, or the same output as the turn before) and cost
/// spikes (a turn whose prompt is far larger than the run's usual) — and the strategies (REPL functions and idioms)
/// that recur among answered runs.
/// </summary>
public static class TraceAnalyzer
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
    /// <remarks>
    /// Loops and a scan of its own, not LINQ and a regular expression: the first use of each loads or compiles their
    /// generic code and search tables at run time even in a ReadyToRun build, which doubled <c>optimize --report</c>'s
    /// start-up (issue 20).
    /// </remarks>
    public static RunAnalysis Analyze(TraceSummary summary, IReadOnlyList<RlmEvent> events)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(events);
        var turns = new List<RlmIteration>();
        foreach (var runEvent in events)
        {
            if (runEvent is RlmIteration iteration && iteration.RunId == summary.RunId)
            {
                turns.Add(iteration);
            }
        }

        StableSort(turns, static (a, b) => a.Index.CompareTo(b.Index));
        var findings = new List<TraceFinding>();
        var read = new Dictionary<string, int>(StringComparer.Ordinal);
        string? previousOutput = null;
        foreach (var turn in turns)
        {
            foreach (var path in ReadPaths(turn.Code))
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
            // The middle turn by input tokens (the upper one of an even count).
            var byInput = new List<RlmIteration>(turns);
            StableSort(byInput, static (a, b) => a.InputTokens.CompareTo(b.InputTokens));
            var median = byInput[turns.Count / 2].InputTokens;
            foreach (var turn in turns)
            {
                if (turn.InputTokens >= SpikeMinimumTokens && turn.InputTokens > median * SpikeFactor)
                {
                    findings.Add(new TraceFinding("cost_spike", turn.Index,
                        string.Create(CultureInfo.InvariantCulture, $"{turn.InputTokens:N0} input tokens, {turn.InputTokens / (double)Math.Max(1, median):0.#}× the run's median turn")));
                }
            }
        }

        var strategy = new List<string>();
        foreach (var idiom in Idioms)
        {
            var call = idiom + (char.IsLetter(idiom[^1]) ? "(" : "");
            foreach (var turn in turns)
            {
                if (turn.Code.Contains(call, StringComparison.Ordinal))
                {
                    strategy.Add(idiom.Trim('.', '('));
                    break;
                }
            }
        }

        strategy.Sort(StringComparer.Ordinal);
        StableSort(findings, static (a, b) => (a.Turn ?? int.MinValue).CompareTo(b.Turn ?? int.MinValue));
        return new RunAnalysis(summary.RunId, summary.Query, summary.Status, turns.Count, summary.Usage?.TotalTokens ?? 0, strategy, findings);
    }

    // The strategies of two or more answered runs, most used first (then fewest turns), in the order first met.
    private static List<StrategyPattern> Strategies(List<RunAnalysis> runs)
    {
        var groups = new Dictionary<string, List<RunAnalysis>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var run in runs)
        {
            if (run.Status != "answered" || run.Strategy.Count == 0)
            {
                continue;
            }

            var key = string.Join('+', run.Strategy);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(key);
            }

            group.Add(run);
        }

        var patterns = new List<StrategyPattern>();
        foreach (var key in order)
        {
            var group = groups[key];
            if (group.Count < 2)
            {
                continue;
            }

            var runIds = new List<string>(group.Count);
            var queries = new List<string>(group.Count);
            var turns = 0.0;
            foreach (var run in group)
            {
                runIds.Add(run.RunId);
                queries.Add(run.Query);
                turns += run.Turns;
            }

            patterns.Add(new StrategyPattern(group[0].Strategy, runIds, queries, turns / group.Count));
        }

        StableSort(patterns, static (a, b) => b.RunIds.Count != a.RunIds.Count ? b.RunIds.Count.CompareTo(a.RunIds.Count) : a.MeanTurns.CompareTo(b.MeanTurns));
        return patterns;
    }

    // The paths a turn's code reads as literals, each once, in the order read: read_file('p'), read_file("p"),
    // read_file(path = 'p'); a path in a variable is not known.
    private static List<string> ReadPaths(string code)
    {
        const string Call = "read_file(";
        var paths = new List<string>();
        for (var at = code.IndexOf(Call, StringComparison.Ordinal); at >= 0; at = code.IndexOf(Call, at, StringComparison.Ordinal))
        {
            at += Call.Length;
            var start = SkipSpace(code, at);
            if (code.AsSpan(start).StartsWith("path", StringComparison.Ordinal) && SkipSpace(code, start + 4) is var equals && equals < code.Length && code[equals] == '=')
            {
                start = SkipSpace(code, equals + 1);
            }

            if (start >= code.Length || code[start] is not ('\'' or '"'))
            {
                continue;
            }

            var end = start + 1;
            while (end < code.Length && code[end] is not ('\'' or '"'))
            {
                end++;
            }

            if (end == code.Length || end == start + 1)
            {
                continue;
            }

            var path = code[(start + 1)..end];
            if (!paths.Contains(path))
            {
                paths.Add(path);
            }

            at = end + 1;
        }

        return paths;
    }

    private static int SkipSpace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }

    // An insertion sort, which keeps equal items in their order (as LINQ's ordering did); the lists are a run's turns
    // and findings, and the strategies: tens of items. Array.Sort over the numbers would be compiled at run time.
    private static void StableSort<T>(List<T> items, Comparison<T> comparison)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && comparison(items[j], item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
