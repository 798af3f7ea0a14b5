namespace Memfun.Llm.Usage;

/// <summary>What model calls have used: calls, tokens and dollars.</summary>
/// <param name="Calls">Completed model calls.</param>
/// <param name="InputTokens">Input tokens, cached ones included.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CachedInputTokens">Input tokens served from the provider's prompt cache.</param>
/// <param name="CostUsd">Cost in US dollars, from the price table.</param>
/// <param name="UnpricedCalls">Calls to models with no known price, whose cost is not in <paramref name="CostUsd"/>.</param>
public sealed record UsageTotals(int Calls, long InputTokens, long OutputTokens, long CachedInputTokens, decimal CostUsd, int UnpricedCalls)
{
    /// <summary>Gets nothing used.</summary>
    public static UsageTotals Zero { get; } = new(0, 0, 0, 0, 0m, 0);

    /// <summary>Gets input plus output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Returns the sum of two totals.</summary>
    public UsageTotals Add(UsageTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Calls + other.Calls, InputTokens + other.InputTokens, OutputTokens + other.OutputTokens,
            CachedInputTokens + other.CachedInputTokens, CostUsd + other.CostUsd, UnpricedCalls + other.UnpricedCalls);
    }

    /// <summary>Returns what was used since <paramref name="earlier"/>, an earlier total of the same ledger.</summary>
    public UsageTotals Since(UsageTotals earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Calls - earlier.Calls, InputTokens - earlier.InputTokens, OutputTokens - earlier.OutputTokens,
            CachedInputTokens - earlier.CachedInputTokens, CostUsd - earlier.CostUsd, UnpricedCalls - earlier.UnpricedCalls);
    }
}
