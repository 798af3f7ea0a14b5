namespace Memfun.Llm.Pipeline;

/// <summary>Hard limits on one run's model usage; null means unlimited.</summary>
public sealed record LlmBudget
{
    /// <summary>Gets no limits.</summary>
    public static LlmBudget Unlimited { get; } = new();

    /// <summary>Gets the most input plus output tokens.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Gets the most US dollars.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>Gets the most model calls.</summary>
    public int? MaxCalls { get; init; }
}
