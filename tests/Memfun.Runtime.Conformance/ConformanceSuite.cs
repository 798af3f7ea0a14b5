using Memfun.Runtime.Agents;
using Memfun.Runtime.Events;
using Memfun.Runtime.Health;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Conformance;

/// <summary>Base of every conformance suite: a fresh, isolated runtime on the tier per test, with fast timings.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class ConformanceSuite<TTier> : IAsyncLifetime
    where TTier : RuntimeTier, new()
{
    private MemfunRuntime? _runtime;

    /// <summary>Gets health thresholds short enough for tests.</summary>
    protected static HealthOptions FastHealth { get; } = new() { HealthyWithin = TimeSpan.FromMilliseconds(400), DegradedWithin = TimeSpan.FromMilliseconds(900), CheckInterval = TimeSpan.FromMilliseconds(100) };

    /// <summary>Gets agent timings short enough for tests.</summary>
    protected static AgentManagerOptions FastAgents { get; } = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(100), RegistrationTtl = TimeSpan.FromSeconds(2), RestartDelay = TimeSpan.FromMilliseconds(50), MaxRestarts = 3 };

    /// <summary>Gets the tier under test.</summary>
    protected TTier Tier { get; } = new();

    /// <summary>Gets the runtime of this test.</summary>
    protected MemfunRuntime Runtime => _runtime ?? throw new InvalidOperationException("The runtime is created in InitializeAsync.");

    /// <summary>Gets the runtime's event bus.</summary>
    protected IEventBus Bus => Runtime.Context.EventBus;

    /// <summary>Gets the runtime's state store.</summary>
    protected IStateStore State => Runtime.Context.State;

    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Builds a runtime on the tier's storage (the same storage each time for durable tiers).</summary>
    protected Task<MemfunRuntime> BuildRuntimeAsync(Func<IRuntimeBackend, IRuntimeBackend>? wrap = null) =>
        new RuntimeBuilder()
            .UseBackend(async (_, token) => (wrap ?? (b => b))(await Tier.CreateBackendAsync(token)))
            .UseHealthOptions(FastHealth)
            .UseAgentOptions(FastAgents)
            .BuildAsync(Cancellation);

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => _runtime = await BuildRuntimeAsync();

    /// <summary>Disposes the test's runtime and builds a new one on the same storage (a process restart).</summary>
    protected async Task RestartRuntimeAsync()
    {
        await Runtime.DisposeAsync();
        _runtime = await BuildRuntimeAsync();
    }

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }

        await Tier.CleanUpAsync();
        GC.SuppressFinalize(this);
    }
}
