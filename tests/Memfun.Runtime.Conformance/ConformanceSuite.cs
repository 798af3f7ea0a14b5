using Memfun.Runtime.Events;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Conformance;

/// <summary>Base of every conformance suite: a fresh, isolated backend of the tier per test.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class ConformanceSuite<TTier> : IAsyncLifetime
    where TTier : RuntimeTier, new()
{
    private IRuntimeBackend? _backend;

    /// <summary>Gets the tier under test.</summary>
    protected TTier Tier { get; } = new();

    /// <summary>Gets the backend of this test.</summary>
    protected IRuntimeBackend Backend => _backend ?? throw new InvalidOperationException("The backend is created in InitializeAsync.");

    /// <summary>Gets the backend's event bus.</summary>
    protected IEventBus Bus => Backend.EventBus;

    /// <summary>Gets the backend's state store.</summary>
    protected IStateStore State => Backend.StateStore;

    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public virtual async ValueTask InitializeAsync() => _backend = await Tier.CreateBackendAsync(Cancellation);

    /// <inheritdoc />
    public virtual async ValueTask DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        await Tier.CleanUpAsync();
        GC.SuppressFinalize(this);
    }
}
