namespace Memfun.Llm.Usage;

/// <summary>One call added to a <see cref="UsageLedger"/>.</summary>
/// <param name="model">The model called.</param>
/// <param name="call">The call's own usage and cost.</param>
public sealed class UsageRecordedEventArgs(string model, UsageTotals call) : EventArgs
{
    /// <summary>Gets the model called.</summary>
    public string Model { get; } = model;

    /// <summary>Gets the call's own usage and cost.</summary>
    public UsageTotals Call { get; } = call;
}
