using Memfun.Llm.Errors;
using Memfun.Llm.Http;
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
/// <para>A long-lived host (the MCP gateway) calls <see cref="StartRun"/> per run: each run gets its own ledger and
/// budget, while the provider connections and the concurrency limit are shared by every run of the process.</para>
/// </remarks>
public sealed class LlmClients : IDisposable
{
    private readonly SharedProviders _providers;
    private readonly LlmClientOptions _options;
    private readonly LlmBudgetGuard _guard;
    private readonly bool _ownsProviders;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IChatClient> _byModel = new(StringComparer.Ordinal);

    private LlmClients(LlmSettings settings, LlmClientOptions options, SharedProviders providers, bool ownsProviders)
    {
        Settings = settings;
        _options = options;
        _providers = providers;
        _ownsProviders = ownsProviders;
        Ledger = new UsageLedger(new PriceTable(settings.Prices));
        Budget = options.Budget ?? new LlmBudget
        {
            MaxTokens = settings.MaxTokensPerRun,
            MaxCostUsd = settings.MaxCostUsd is { } cost ? (decimal)cost : null,
            MaxCalls = settings.MaxCallsPerRun,
        };
        _guard = new LlmBudgetGuard(Ledger, Budget);
        Root = Build(settings.Model);
        Sub = settings.EffectiveSubModel == settings.Model ? Root : Build(settings.EffectiveSubModel);
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
        return new LlmClients(settings, options, new SharedProviders(settings, options.Environment), ownsProviders: true);
    }

    /// <summary>
    /// Runs one streamed call through a pipeline like <see cref="Root"/>'s against a one-request server on a loopback
    /// port of this process, so that the first-use code of the SDK and the HTTP stack (request serialization,
    /// connection, reading the event stream, the decorators) is loaded and compiled before the first real request;
    /// an agent command does it while its kernel starts.
    /// </summary>
    /// <remarks>
    /// Nothing is sent to the configured endpoint, the API key is not used, and this instance's ledger, budget, trace
    /// observer and log are not touched.
    /// Only OpenAI and OpenAI-compatible providers are warmed (Anthropic's SDK streams another format).
    /// </remarks>
    /// <returns>True when the call ran through and its canned reply was read back; false when there was nothing to
    /// warm or it failed (the real request reports any problem).</returns>
    public async Task<bool> WarmUpAsync(CancellationToken cancellationToken = default)
    {
        if (Settings.Provider == LlmProvider.Anthropic)
        {
            return false;
        }

        const string KeyVariable = "MEMFUN_WARM_UP_KEY";
        await using var server = new WarmUpServer();
        try
        {
            // Its own endpoint and a dummy key: the real key goes nowhere but the real endpoint.
            using var warm = Create(Settings with { BaseUrl = server.BaseUrl, ApiKeyEnv = KeyVariable }, new LlmClientOptions
            {
                Retry = new RetryOptions { MaxRetries = 0 },
                Environment = new Dictionary<string, string?> { [KeyVariable] = "warm-up" },
            });
            var text = new System.Text.StringBuilder();
            await foreach (var update in warm.Root.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "warm-up")], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                text.Append(update.Text);
            }

            return text.ToString() == WarmUpServer.Text;
        }
        catch (LlmException)
        {
            return false;
        }
    }

    /// <summary>
    /// Returns the clients of a new run: a fresh ledger and budget over the same provider connections and concurrency
    /// limit. Disposing the returned clients leaves the connections open; they close with this instance.
    /// </summary>
    /// <param name="observer">Receives the new run's model calls for its trace (null: this instance's observer).</param>
    public LlmClients StartRun(ILlmCallObserver? observer = null) =>
        new(Settings, _options with { Observer = observer ?? _options.Observer }, _providers, ownsProviders: false);

    /// <summary>
    /// Returns a client for another model on the same endpoint (an agent definition's own model), sharing this
    /// run's ledger, budget and concurrency limit; the root or sub-model client when the name is theirs.
    /// </summary>
    public IChatClient ForModel(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return model == Settings.Model ? Root
            : model == Settings.EffectiveSubModel ? Sub
            : _byModel.GetOrAdd(model, Build);
    }

    /// <summary>Returns the client for <paramref name="role"/>.</summary>
    public IChatClient For(ModelRole role) => role == ModelRole.Root ? Root : Sub;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsProviders)
        {
            _providers.Dispose();
        }
    }

    private IChatClient Build(string model)
    {
        var logger = _options.LoggerFactory?.CreateLogger("Memfun.Llm");
        var builder = new ChatClientBuilder(_providers.Get(model))
            .ConfigureOptions(chat =>
            {
                chat.Temperature ??= (float)Settings.Temperature;
                chat.MaxOutputTokens ??= Settings.MaxTokens;
            });
        if (logger is not null)
        {
            builder.UseRedactedLogging(logger);
        }

        builder.UseBudget(_guard);
        if (_options.Observer is { } observer)
        {
            builder.UseTraceCapture(observer);
        }

        return builder
            .UseUsageAccounting(Ledger)
            .UseConcurrencyLimit(_providers.Gate)
            .UseRetry(_options.Retry ?? new RetryOptions { MaxRetries = Settings.MaxRetries }, logger)
            .Build();
    }

    /// <summary>The provider connections (one per model) and the concurrency limit every run of a process shares.</summary>
    private sealed class SharedProviders(LlmSettings settings, IReadOnlyDictionary<string, string?>? environment) : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<IChatClient>> _clients = new(StringComparer.Ordinal);

        public SemaphoreSlim Gate { get; } = new(settings.MaxConcurrency, settings.MaxConcurrency);

        // A run's pipeline disposes what it wraps; the shared connection must outlive every run, so runs get a shield.
        public IChatClient Get(string model) =>
            new Shielded(_clients.GetOrAdd(model, name => new Lazy<IChatClient>(() => ProviderClientFactory.Create(settings, name, environment))).Value);

        public void Dispose()
        {
            foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
            {
                client.Value.Dispose();
            }

            Gate.Dispose();
        }
    }

    private sealed class Shielded(IChatClient inner) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
            // The shared connection closes with the clients that own it, not with a run.
        }
    }
}
