using Microsoft.Extensions.AI;

namespace Memfun.Llm.Usage;

/// <summary>
/// The running account of one run's model usage: every call through the usage-accounting decorator is added
/// here, per model and in total, priced with a <see cref="PriceTable"/>. Budgets read it.
/// </summary>
/// <remarks>Thread-safe: concurrent sub-calls record into the same ledger.</remarks>
public sealed class UsageLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UsageTotals> _byModel = new(StringComparer.Ordinal);
    private UsageTotals _total = UsageTotals.Zero;

    /// <summary>Creates an empty ledger that prices calls with <paramref name="prices"/>.</summary>
    public UsageLedger(PriceTable? prices = null) => Prices = prices ?? PriceTable.Default;

    /// <summary>Gets the prices calls are counted with.</summary>
    public PriceTable Prices { get; }

    /// <summary>Raised after each recorded call, with the call's own usage.</summary>
    public event EventHandler<UsageRecordedEventArgs>? Recorded;

    /// <summary>Gets the totals so far.</summary>
    public UsageTotals Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Gets the totals per model so far.</summary>
    public IReadOnlyDictionary<string, UsageTotals> ByModel
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, UsageTotals>(_byModel, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Adds one completed call of <paramref name="model"/> that reported <paramref name="usage"/> (possibly nothing).</summary>
    /// <returns>The call's own usage and cost.</returns>
    public UsageTotals Record(string model, UsageDetails? usage)
    {
        ArgumentNullException.ThrowIfNull(model);
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        var cached = usage?.CachedInputTokenCount ?? 0;
        var cost = Prices.CostOf(model, input, output, cached);
        var call = new UsageTotals(1, input, output, cached, cost ?? 0m, cost is null ? 1 : 0);
        lock (_gate)
        {
            _total = _total.Add(call);
            _byModel[model] = _byModel.TryGetValue(model, out var sofar) ? sofar.Add(call) : call;
        }

        Recorded?.Invoke(this, new UsageRecordedEventArgs(model, call));
        return call;
    }
}
