using System.Globalization;
using System.Text;

namespace Memfun.Optimizer.Evaluation;

/// <summary>The results of an evaluation with totals, as a Markdown report or a JSON-ready object.</summary>
/// <param name="Results">Each task's result, in order.</param>
public sealed record EvalReport(IReadOnlyList<EvalTaskResult> Results)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Gets the agent's mean score (0 for no tasks).</summary>
    public double Score => Mean(Results.Select(r => r.Rlm));

    /// <summary>Gets the baseline's mean score, or null when it was not run.</summary>
    public double? BaselineScore => Results.Any(r => r.Baseline is not null) ? Mean(Results.Select(r => r.Baseline).OfType<EvalOutcome>()) : null;

    /// <summary>Sums the agent's outcomes.</summary>
    public EvalOutcome RlmTotal => Total(Results.Select(r => r.Rlm));

    /// <summary>Sums the baseline's outcomes, or null when it was not run.</summary>
    public EvalOutcome? BaselineTotal => BaselineScore is null ? null : Total(Results.Select(r => r.Baseline).OfType<EvalOutcome>());

    /// <summary>Renders the report as Markdown: one row per task and mode, then the totals.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# memfun eval\n\n");
        text.Append(Invariant, $"Agent score **{Score:0.###}**");
        if (BaselineScore is { } baseline)
        {
            text.Append(Invariant, $" · no-REPL baseline **{baseline:0.###}**");
        }

        text.Append(Invariant, $" · {Results.Count} tasks\n\n");
        text.Append("| suite | task | context | mode | score | turns | tokens | cost ($) | time (s) | termination |\n");
        text.Append("|---|---|---:|---|---:|---:|---:|---:|---:|---|\n");
        foreach (var (suite, id, context, mode, outcome) in Rows())
        {
            Row(text, suite == "total" && id.Length == 0 ? "**total**" : suite, id, context, mode, outcome);
        }

        return text.ToString();
    }

    /// <summary>Returns the table's rows: each task's agent outcome and baseline outcome, then the totals (suite <c>total</c>).</summary>
    public IEnumerable<(string Suite, string Id, string Context, string Mode, EvalOutcome Outcome)> Rows()
    {
        foreach (var result in Results)
        {
            yield return (result.Task.Suite, result.Task.Id, Chars(result.Task.ContextChars), "rlm", result.Rlm);
            if (result.Baseline is { } baseline)
            {
                yield return (result.Task.Suite, result.Task.Id, Chars(result.Task.ContextChars), "baseline", baseline);
            }
        }

        yield return ("total", "", "", "rlm", RlmTotal);
        if (BaselineTotal is { } total)
        {
            yield return ("total", "", "", "baseline", total);
        }
    }

    /// <summary>Returns the report as an object for JSON output (snake_case names).</summary>
    public object ToJson() => new
    {
        score = Score,
        baseline_score = BaselineScore,
        tasks = Results.Select(r => new { suite = r.Task.Suite, id = r.Task.Id, context_chars = r.Task.ContextChars, scorer = r.Task.Scorer, rlm = Json(r.Rlm), baseline = r.Baseline is null ? null : Json(r.Baseline) }),
        total = new { rlm = Json(RlmTotal), baseline = BaselineTotal is null ? null : Json(BaselineTotal) },
    };

    private static object Json(EvalOutcome o) => new
    {
        score = o.Score,
        reason = o.Reason,
        turns = o.Turns,
        input_tokens = o.InputTokens,
        output_tokens = o.OutputTokens,
        cost_usd = o.CostUsd,
        elapsed_ms = (long)o.ElapsedMs,
        termination = o.Termination,
        answer = o.Answer,
        error = o.Error,
        run_id = o.RunId,
    };

    private static void Row(StringBuilder text, string suite, string id, string context, string mode, EvalOutcome o) =>
        text.Append(Invariant, $"| {suite} | {id} | {context} | {mode} | {o.Score:0.###} | {o.Turns} | {o.InputTokens + o.OutputTokens:N0} | {o.CostUsd:0.####} | {o.ElapsedMs / 1000:0.0} | {o.Termination} |\n");

    private static double Mean(IEnumerable<EvalOutcome> outcomes)
    {
        var list = outcomes.ToList();
        return list.Count == 0 ? 0 : list.Average(o => o.Score);
    }

    private static EvalOutcome Total(IEnumerable<EvalOutcome> outcomes)
    {
        var list = outcomes.ToList();
        var failed = list.Count(o => o.Error is not null);
        return new EvalOutcome(Mean(list), "", list.Sum(o => o.Turns), list.Sum(o => o.InputTokens), list.Sum(o => o.OutputTokens), list.Sum(o => o.CostUsd),
            list.Sum(o => o.ElapsedMs), failed == 0 ? "" : $"{failed} failed", "", null, null);
    }

    /// <summary>A context size for people: 1.2 MB, 10 KB.</summary>
    public static string Chars(long chars) => chars switch
    {
        >= 1_000_000 => string.Create(Invariant, $"{chars / 1e6:0.#} MB"),
        >= 1_000 => string.Create(Invariant, $"{chars / 1e3:0.#} KB"),
        _ => string.Create(Invariant, $"{chars} B"),
    };
}
