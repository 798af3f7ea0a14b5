using System.Globalization;
using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;
using Memfun.Llm.Usage;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>
/// Says whether the cost budget (<c>[llm] max_cost_usd</c>) can be held: a run with one refuses to call a model without a
/// price (<c>MF8007</c>), so a local or new model needs a price before its first run, not after it failed.
/// </summary>
internal sealed class CostBudgetCheck : IDoctorCheck
{
    public string Name => "cost budget";

    public bool IsRequired => false;

    public ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var llm = config.Llm;
        if (llm.MaxCostUsd is not { } limit)
        {
            return ValueTask.FromResult(DoctorCheckResult.Ok("none: a run is bounded by [agent] max_iterations, max_sub_calls and timeout_s"));
        }

        var budget = string.Create(CultureInfo.InvariantCulture, $"${limit:0.####} per run");
        var prices = new PriceTable(llm.Prices);
        string[] models = llm.EffectiveSubModel == llm.Model ? [llm.Model] : [llm.Model, llm.EffectiveSubModel];
        foreach (var model in models)
        {
            if (!prices.TryGetPrice(model, out _))
            {
                return ValueTask.FromResult(DoctorCheckResult.Warning(
                    $"{budget}, but model {model} has no price, so every run is refused (MF8007)",
                    $"give it a price in your config.toml ([llm.prices.\"{model}\"] input_per_mtok and output_per_mtok in USD; 0 for a local model), or remove [llm] max_cost_usd"));
            }
        }

        return ValueTask.FromResult(DoctorCheckResult.Ok($"{budget}; {string.Join(" and ", models)} priced"));
    }
}
