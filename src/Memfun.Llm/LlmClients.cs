using Memfun.Llm.Pipeline;
using Memfun.Llm.Providers;
using Memfun.Llm.Usage;
using Microsoft.Extensions.AI;

namespace Memfun.Llm;

/// <summary>
/// The model clients of one run: the root model and the sub-call model, sharing one usage ledger, one budget
/// and one concurrency limit.
/// </summary>
/// <remarks>
/// Each client is the provider client wrapped, outermost first, in: default options → logging → budget →
/// trace capture → usage accounting → concurrency limit → retry. The budget is checked before anything is sent;
/// the concurrency limit sits outside retry so that a call backing off from a rate limit keeps its slot and new
/// calls do not pile onto the throttled endpoint.
/// </remarks>
public sealed class LlmClients : IDisposable
{
    private readonly SemaphoreSlim _gate;
    private readonly LlmClientOptions _options;
    private readonly LlmBudgetGuard _guard;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IChatClient> _byModel = new(StringComparer.Ordinal);

    private LlmClients(IChatClient root, IChatClient sub, UsageLedger ledger, LlmBudget budget, SemaphoreSlim gate, LlmSettings settings, LlmClientOptions options, LlmBudgetGuard guard)
    {
        _options = options;
        _guard = guard;
        Root = root;
        Sub = sub;
        Ledger = ledger;
        Budget = budget;
        _gate = gate;
        Settings = settings;
    }

    /// <summary>Gets the client of the root model.</summary>
    public IChatClient Root { get; }

    /// <summary>Gets the client of the sub-call model.</summary>
    public IChatClient Sub { get; }

    /// <summary>Gets the run's usage so far.</summary>
    public UsageLedger Ledger { get; }

    /// <summary>Gets the run's limits.</summary>
    public LlmBudget Budget { get; }

    /// <summary>Gets the settings the clients were made from.</summary>
    public LlmSettings Settings { get; }

    /// <summary>Creates the clients of <paramref name="settings"/>.</summary>
    public static LlmClients Create(LlmSettings settings, LlmClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options ??= new LlmClientOptions();
        var ledger = new UsageLedger(new PriceTable(settings.Prices));
        var budget = options.Budget ?? new LlmBudget
        {
            MaxTokens = settings.MaxTokensPerRun,
            MaxCostUsd = settings.MaxCostUsd is { } cost ? (decimal)cost : null,
            MaxCalls = settings.MaxCallsPerRun,
        };
        var gate = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        var guard = new LlmBudgetGuard(ledger, budget);
        var root = Build(settings, settings.Model, options, ledger, guard, gate);
        var sub = settings.EffectiveSubModel == settings.Model ? root : Build(settings, settings.EffectiveSubModel, options, ledger, guard, gate);
        return new LlmClients(root, sub, ledger, budget, gate, settings, options, guard);
    }

    /// <summary>
    /// Returns a client for another model on the same endpoint (an agent definition's own model), sharing this
    /// run's ledger, budget and concurrency limit; the root or sub-model client when the name is theirs.
    /// </summary>
    public IChatClient ForModel(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return model == Settings.Model ? Root
            : model == Settings.EffectiveSubModel ? Sub
            : _byModel.GetOrAdd(model, name => Build(Settings, name, _options, Ledger, _guard, _gate));
    }

    /// <summary>Returns the client for <paramref name="role"/>.</summary>
    public IChatClient For(ModelRole role) => role == ModelRole.Root ? Root : Sub;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _byModel.Values)
        {
            client.Dispose();
        }

        Root.Dispose();
        if (!ReferenceEquals(Sub, Root))
        {
            Sub.Dispose();
        }

        _gate.Dispose();
    }

    private static IChatClient Build(LlmSettings settings, string model, LlmClientOptions options, UsageLedger ledger, LlmBudgetGuard guard, SemaphoreSlim gate)
    {
        var logger = options.LoggerFactory?.CreateLogger("Memfun.Llm");
        var builder = new ChatClientBuilder(ProviderClientFactory.Create(settings, model, options.Environment))
            .ConfigureOptions(chat =>
            {
                chat.Temperature ??= (float)settings.Temperature;
                chat.MaxOutputTokens ??= settings.MaxTokens;
            });
        if (logger is not null)
        {
            builder.UseRedactedLogging(logger);
        }

        builder.UseBudget(guard);
        if (options.Observer is { } observer)
        {
            builder.UseTraceCapture(observer);
        }

        return builder
            .UseUsageAccounting(ledger)
            .UseConcurrencyLimit(gate)
            .UseRetry(options.Retry ?? new RetryOptions { MaxRetries = settings.MaxRetries }, logger)
            .Build();
    }
}
