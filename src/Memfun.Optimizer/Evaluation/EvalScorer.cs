using Memfun.Core.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Memfun.Optimizer.Evaluation;

/// <summary>
/// An exact scorer as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>: it reads the answer from the model
/// response and the expectation from an <see cref="EvalExpectation"/>, and returns a <see cref="NumericMetric"/>
/// <c>score</c> in 0..1 with the reason. No model is consulted.
/// </summary>
public abstract class EvalScorer : IEvaluator
{
    /// <summary>The metric every scorer returns.</summary>
    public const string ScoreMetric = "score";

    /// <summary>Gets the scorer's name, as task files give it.</summary>
    public abstract string Name { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [ScoreMetric];

    /// <inheritdoc />
    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var expectation = additionalContext?.OfType<EvalExpectation>().FirstOrDefault()
            ?? throw new ArgumentException($"The {Name} scorer needs an {nameof(EvalExpectation)} in the additional context.", nameof(additionalContext));
        var (score, reason) = Score(modelResponse.Text, expectation);
        var metric = new NumericMetric(ScoreMetric, Math.Clamp(score, 0, 1), reason)
        {
            Interpretation = new EvaluationMetricInterpretation(score >= 1 ? EvaluationRating.Exceptional : score > 0 ? EvaluationRating.Average : EvaluationRating.Unacceptable, failed: score < 1, reason),
        };
        return ValueTask.FromResult(new EvaluationResult(metric));
    }

    /// <summary>Scores <paramref name="answer"/> and says why.</summary>
    public abstract (double Score, string Reason) Score(string answer, EvalExpectation expectation);

    /// <summary>Scores a run's answer and staged files against <paramref name="task"/>.</summary>
    public async Task<(double Score, string Reason)> ScoreAsync(EvalTask task, string answer, IReadOnlyDictionary<string, string> staged, CancellationToken cancellationToken = default)
    {
        var result = await EvaluateAsync([], new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)), null, [new EvalExpectation(task, staged)], cancellationToken).ConfigureAwait(false);
        var metric = result.Get<NumericMetric>(ScoreMetric);
        return (metric.Value ?? 0, metric.Reason ?? "");
    }

    /// <summary>Thrown for a name no scorer has.</summary>
    internal static MemfunException Unknown(string name) =>
        new ConfigException($"There is no scorer '{name}'.") { Hint = $"Use one of: {string.Join(", ", EvalScorers.Names)}." };
}
