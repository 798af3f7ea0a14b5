namespace Memfun.Llm.Programs;

/// <summary>The outcome of evaluating a program over a dataset.</summary>
/// <param name="Items">Each row's outcome, in dataset order.</param>
public sealed record EvaluationResult(IReadOnlyList<EvaluationItem> Items)
{
    /// <summary>Gets the mean score over all rows (failures count as 0), or 0 for an empty dataset.</summary>
    public double AverageScore => Items.Count == 0 ? 0 : Items.Average(i => i.Score);

    /// <summary>Gets how many rows failed with an error.</summary>
    public int Failures => Items.Count(i => i.Error is not null);
}
