using Memfun.Core.Errors;

namespace Memfun.Llm.Programs;

/// <summary>Runs a program over a dataset in parallel and scores each output with a metric.</summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="program"/> on every row of <paramref name="dataset"/>.</summary>
    /// <param name="program">Runs the program on one row.</param>
    /// <param name="dataset">The rows (inputs and expected outputs).</param>
    /// <param name="metric">Scores an output against its row, typically 0..1.</param>
    /// <param name="maxParallelism">How many rows run at once.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <remarks>
    /// A row whose program call fails with a <see cref="MemfunException"/> (a parse failure, say) scores 0 and keeps
    /// its error; a budget stop or cancellation ends the whole evaluation.
    /// </remarks>
    public static async Task<EvaluationResult> EvaluateAsync(
        Func<Example, CancellationToken, Task<Prediction>> program,
        IReadOnlyList<Example> dataset,
        Func<Example, Prediction, double> metric,
        int maxParallelism = 8,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        var items = new EvaluationItem[dataset.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, dataset.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var example = dataset[index];
                try
                {
                    var prediction = await program(example, token).ConfigureAwait(false);
                    items[index] = new EvaluationItem(example, prediction, metric(example, prediction), null);
                }
                catch (MemfunException exception) when (exception.ErrorCode != MemfunErrorCodes.LlmBudgetExceeded)
                {
                    items[index] = new EvaluationItem(example, null, 0, exception);
                }
            }).ConfigureAwait(false);
        return new EvaluationResult(items);
    }
}
