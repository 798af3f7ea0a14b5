using System.Globalization;
using Memfun.Core.Errors;
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

    /// <summary>Admits one call to <paramref name="model"/>, or throws when a limit is reached; returns the options with the reply capped by the tokens left.</summary>
    /// <exception cref="LlmBudgetExceededException">A limit is reached.</exception>
    /// <exception cref="LlmException">The run has a cost limit and <paramref name="model"/>, or a model an earlier call was
    /// answered by, has no price (<see cref="MemfunErrorCodes.LlmUnpricedModel"/>): its calls would count as free.</exception>
    public ChatOptions? Admit(ChatOptions? options, string model)
    {
        var spent = Ledger.Total;
        if (Budget.MaxCostUsd is { } maxCost)
        {
            if (spent.CostUsd >= maxCost)
            {
                throw Exceeded(string.Create(CultureInfo.InvariantCulture, $"The run reached its cost limit of ${maxCost:0.####} (spent ${spent.CostUsd:0.####})."), spent);
            }

            // A limit that cannot count a call must not let it through as free; a provider may also answer under another
            // model name than the one asked for, which the ledger then finds no price for.
            if (!Ledger.Prices.TryGetPrice(model, out _) || spent.UnpricedCalls > 0)
            {
                throw Unpriced(spent.UnpricedCalls > 0 ? UnpricedModels() : model, maxCost);
            }
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

    private static LlmException Unpriced(string model, decimal maxCost) =>
        new(MemfunErrorCodes.LlmUnpricedModel, string.Create(CultureInfo.InvariantCulture,
            $"The run has a cost limit of ${maxCost:0.####}, but model {model} has no price, so memfun cannot count what its calls cost; no request was sent."))
        {
            Hint = $"Give it a price in your config.toml ([llm.prices.\"{model}\"] input_per_mtok and output_per_mtok, in USD; 0 for a local model), or remove the cost limit ([llm] max_cost_usd).",
        };

    private string UnpricedModels()
    {
        var models = new List<string>();
        foreach (var (name, usage) in Ledger.ByModel)
        {
            if (usage.UnpricedCalls > 0)
            {
                models.Add(name);
            }
        }

        return string.Join(", ", models);
    }

    private static LlmBudgetExceededException Exceeded(string message, UsageTotals spent) =>
        new(message, spent) { Hint = "Raise the limit with --budget, or [llm] max_cost_usd / max_tokens_per_run / max_calls_per_run in memfun.toml." };
}
