using Memfun.Core.Errors;
using Memfun.Optimizer.Evaluation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Memfun.Optimizer.Tests.Evaluation;

/// <summary>The exact scorers on known answers.</summary>
public sealed class ScorerTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static EvalTask Task(string scorer, string expected = "", Dictionary<string, string>? files = null) =>
        new() { Id = "t", Suite = "s", Query = "q", Scorer = scorer, Expected = expected, ExpectedFiles = files ?? [] };

    private static async Task<double> ScoreAsync(EvalTask task, string answer, Dictionary<string, string>? staged = null) =>
        (await EvalScorers.Get(task.Scorer).ScoreAsync(task, answer, staged ?? [], Cancellation)).Score;

    [Theory]
    [InlineData("billing", "billing", 1)]
    [InlineData("**Billing**.", "billing", 1)]
    [InlineData("`billing`", "billing", 1)]
    [InlineData("shipping", "billing", 0)]
    [InlineData("billing and shipping", "billing", 0)]
    public async Task Exact_ComparesNormalisedText(string answer, string expected, double score) =>
        Assert.Equal(score, await ScoreAsync(Task("exact", expected), answer));

    [Theory]
    [InlineData("42", "42", 1)]
    [InlineData("There are 1,234 records.", "1234", 1)]
    [InlineData("41", "42", 0.75)]
    [InlineData("44", "42", 0.5625)]
    [InlineData("none", "42", 0)]
    public async Task Number_IsOolongsMetric(string answer, string expected, double score) =>
        Assert.Equal(score, await ScoreAsync(Task("number", expected), answer), 6);

    [Theory]
    [InlineData("The key is k-1a2b3c.", "k-1a2b3c", 1)]
    [InlineData("The key is k-1a2b3d.", "k-1a2b3c", 0)]
    public async Task Contains_FindsTheExpectedText(string answer, string expected, double score) =>
        Assert.Equal(score, await ScoreAsync(Task("contains", expected), answer));

    [Fact]
    public async Task Diff_IsOneOnlyWhenTheStagedFilesAreTheFix()
    {
        var task = Task("diff", files: new() { ["a.py"] = "x = 1\n", ["b.py"] = "y = 2\n" });

        Assert.Equal(1, await ScoreAsync(task, "", new() { ["a.py"] = "x = 1  \r\n", ["b.py"] = "y = 2" }));
        Assert.Equal(0.5, await ScoreAsync(task, "", new() { ["a.py"] = "x = 1\n" }));
        Assert.Equal(0, await ScoreAsync(task, "", new() { ["a.py"] = "x = 1\n", ["b.py"] = "y = 2\n", ["test.py"] = "assert True\n" }));
        Assert.Equal(0, await ScoreAsync(task, "", []));
    }

    [Fact]
    public async Task Scorers_AreEvaluators_ThatReturnANumericScoreWithAnInterpretation()
    {
        IEvaluator evaluator = EvalScorers.Get("exact");
        var task = Task("exact", "yes");

        var result = await evaluator.EvaluateAsync([], new ChatResponse(new ChatMessage(ChatRole.Assistant, "no")), null, [new EvalExpectation(task, new Dictionary<string, string>())], Cancellation);

        var metric = result.Get<NumericMetric>(EvalScorer.ScoreMetric);
        Assert.Equal(0, metric.Value);
        Assert.True(metric.Interpretation!.Failed);
        Assert.Equal([EvalScorer.ScoreMetric], evaluator.EvaluationMetricNames);
    }

    [Fact]
    public void UnknownScorer_IsAConfigErrorNamingTheScorers()
    {
        var error = Assert.Throws<ConfigException>(() => EvalScorers.Get("fuzzy"));

        Assert.Contains("contains", error.Hint, StringComparison.Ordinal);
    }
}
