using Memfun.Runtime.Events;
using Memfun.Runtime.State;

namespace Memfun.Runtime.InProcess;

/// <summary>T0: events and state in process memory. Zero dependencies; nothing survives the process.</summary>
public sealed class InProcessBackend : IRuntimeBackend
{
    private readonly InProcessEventBus _eventBus;
    private readonly InProcessStateStore _stateStore;

    /// <summary>Creates the backend.</summary>
    /// <param name="timeProvider">The clock for TTLs and ack timeouts; the system clock by default.</param>
    public InProcessBackend(TimeProvider? timeProvider = null)
    {
        timeProvider ??= TimeProvider.System;
        _eventBus = new InProcessEventBus(timeProvider);
        _stateStore = new InProcessStateStore(timeProvider);
    }

    /// <inheritdoc />
    public string Tier => "memory";

    /// <inheritdoc />
    public IEventBus EventBus => _eventBus;

    /// <inheritdoc />
    public IStateStore StateStore => _stateStore;

    /// <inheritdoc />
    public ValueTask CheckAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _eventBus.DisposeAsync().ConfigureAwait(false);
        await _stateStore.DisposeAsync().ConfigureAwait(false);
    }
}
