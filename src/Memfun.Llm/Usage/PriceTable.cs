using System.Collections.Frozen;

namespace Memfun.Llm.Usage;

/// <summary>
/// Prices per million tokens by model, used to turn token counts into dollars. Built-in list prices for common
/// hosted models, extended and overridden by <c>[llm.prices."model"]</c> in configuration.
/// </summary>
/// <remarks>
/// A model id matches its exact entry, or else the longest entry it starts with, so dated snapshots
/// (<c>gpt-4.1-2025-04-14</c>) inherit their family's price. Unknown models (typically local ones) have no price.
/// </remarks>
public sealed class PriceTable
{
    private static readonly FrozenDictionary<string, ModelPrice> BuiltIn = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-5"] = new(1.25, 10.00, 0.125),
        ["gpt-5-mini"] = new(0.25, 2.00, 0.025),
        ["gpt-5-nano"] = new(0.05, 0.40, 0.005),
        ["gpt-4.1"] = new(2.00, 8.00, 0.50),
        ["gpt-4.1-mini"] = new(0.40, 1.60, 0.10),
        ["gpt-4.1-nano"] = new(0.10, 0.40, 0.025),
        ["gpt-4o"] = new(2.50, 10.00, 1.25),
        ["gpt-4o-mini"] = new(0.15, 0.60, 0.075),
        ["o3"] = new(2.00, 8.00, 0.50),
        ["o4-mini"] = new(1.10, 4.40, 0.275),
        ["claude-opus-4"] = new(15.00, 75.00, 1.50),
        ["claude-sonnet-4"] = new(3.00, 15.00, 0.30),
        ["claude-haiku-4"] = new(1.00, 5.00, 0.10),
        ["claude-3-7-sonnet"] = new(3.00, 15.00, 0.30),
        ["claude-3-5-haiku"] = new(0.80, 4.00, 0.08),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, ModelPrice> _prices;

    /// <summary>Creates a table of the built-in prices overridden by <paramref name="overrides"/>.</summary>
    public PriceTable(IReadOnlyDictionary<string, ModelPrice>? overrides = null)
    {
        var prices = new Dictionary<string, ModelPrice>(BuiltIn, StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in overrides ?? FrozenDictionary<string, ModelPrice>.Empty)
        {
            prices[model] = price;
        }

        _prices = prices.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the built-in table.</summary>
    public static PriceTable Default { get; } = new();

    /// <summary>Finds the price of <paramref name="model"/>.</summary>
    public bool TryGetPrice(string model, out ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_prices.TryGetValue(model, out price!))
        {
            return true;
        }

        var family = _prices.Keys
            .Where(key => model.StartsWith(key, StringComparison.OrdinalIgnoreCase) && model.Length > key.Length && model[key.Length] is '-' or ':' or '.')
            .MaxBy(key => key.Length);
        price = family is null ? null! : _prices[family];
        return family is not null;
    }

    /// <summary>Returns the cost of one call, or null when the model has no price.</summary>
    public decimal? CostOf(string model, long inputTokens, long outputTokens, long cachedInputTokens)
    {
        if (!TryGetPrice(model, out var price))
        {
            return null;
        }

        var uncached = Math.Max(0, inputTokens - cachedInputTokens);
        var microDollars = (uncached * price.InputPerMTok) + (cachedInputTokens * price.CachedInputPerMTok) + (outputTokens * price.OutputPerMTok);
        return (decimal)microDollars / 1_000_000m;
    }
}
