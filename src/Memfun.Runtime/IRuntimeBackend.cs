using Memfun.Runtime.Events;
using Memfun.Runtime.State;

namespace Memfun.Runtime;

/// <summary>
/// A runtime tier: the two primitives that differ per backend. Every other contract (registry, sessions,
/// skills, health, lifecycle, orchestration) is built on these two, so it behaves the same on every tier.
/// </summary>
public interface IRuntimeBackend : IAsyncDisposable
{
    /// <summary>Gets the tier's name: <c>memory</c>, <c>sqlite</c>, <c>redis</c> or <c>nats</c>.</summary>
    string Tier { get; }

    /// <summary>Gets the tier's event bus.</summary>
    IEventBus EventBus { get; }

    /// <summary>Gets the tier's state store.</summary>
    IStateStore StateStore { get; }

    /// <summary>Checks that the backend is reachable and has what it needs; throws a <see cref="Memfun.Runtime.Errors.BackendException"/> saying what is wrong.</summary>
    ValueTask CheckAsync(CancellationToken cancellationToken = default);
}
