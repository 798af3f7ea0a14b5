using System.Globalization;
using Memfun.Llm.Errors;
using Memfun.Llm.Usage;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>
/// Enforces one run's <see cref="LlmBudget"/> against its <see cref="UsageLedger"/>, for every client of the run:
/// the root and sub-model clients share one guard, so they share one set of limits.
/// </summary>
/// <remarks>
/// Calls are counted when they start, atomically, so concurrent sub-calls cannot exceed the call limit.
/// Tokens and dollars are known only when a call ends: calls started under the limit may finish above it by
/// at most their own usage, and the next call is refused. Thread-safe.
/// </remarks>
public sealed class LlmBudgetGuard(UsageLedger ledger, LlmBudget budget)
{
    private int _startedCalls;

    /// <summary>Gets the ledger the limits are checked against.</summary>
    public UsageLedger Ledger { get; } = ledger;

    /// <summary>Gets the limits.</summary>
    public LlmBudget Budget { get; } = budget;

    /// <summary>Admits one call, or throws when a limit is reached; returns the options with the reply capped by the tokens left.</summary>
    /// <exception cref="LlmBudgetExceededException">A limit is reached.</exception>
    public ChatOptions? Admit(ChatOptions? options)
    {
        var spent = Ledger.Total;
        if (Budget.MaxCostUsd is { } maxCost && spent.CostUsd >= maxCost)
        {
            throw Exceeded(string.Create(CultureInfo.InvariantCulture, $"The run reached its cost limit of ${maxCost:0.####} (spent ${spent.CostUsd:0.####})."), spent);
        }

        if (Budget.MaxTokens is { } maxTokens && spent.TotalTokens >= maxTokens)
        {
            throw Exceeded(string.Create(CultureInfo.InvariantCulture, $"The run reached its token limit of {maxTokens:N0} (used {spent.TotalTokens:N0})."), spent);
        }

        if (Budget.MaxCalls is { } maxCalls && Interlocked.Increment(ref _startedCalls) > maxCalls)
        {
            throw Exceeded($"The run reached its limit of {maxCalls} model calls.", spent);
        }

        if (Budget.MaxTokens is { } limit)
        {
            var left = (int)Math.Min(int.MaxValue, limit - spent.TotalTokens);
            if (options?.MaxOutputTokens is not { } requested || requested > left)
            {
                options = options?.Clone() ?? new ChatOptions();
                options.MaxOutputTokens = left;
            }
        }

        return options;
    }

    private static LlmBudgetExceededException Exceeded(string message, UsageTotals spent) =>
        new(message, spent) { Hint = "Raise the limit with --budget, or [llm] max_cost_usd / max_tokens_per_run / max_calls_per_run in memfun.toml." };
}
