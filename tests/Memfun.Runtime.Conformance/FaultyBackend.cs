using Memfun.Runtime.Events;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Conformance;

/// <summary>A backend whose event bus fails its first subscriptions, as a lost connection would: the way to crash an agent.</summary>
public sealed class FaultyBackend(IRuntimeBackend inner, int failingSubscriptions) : IRuntimeBackend, IEventBus
{
    private int _failuresLeft = failingSubscriptions;

    /// <inheritdoc />
    public string Tier => inner.Tier;

    /// <inheritdoc />
    public IEventBus EventBus => this;

    /// <inheritdoc />
    public IStateStore StateStore => inner.StateStore;

    /// <inheritdoc />
    public ValueTask CheckAsync(CancellationToken cancellationToken = default) => inner.CheckAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default) => inner.EventBus.CreateTopicAsync(topic, options, cancellationToken);

    /// <inheritdoc />
    public ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default) => inner.EventBus.DeleteTopicAsync(topic, cancellationToken);

    /// <inheritdoc />
    public ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default) => inner.EventBus.GetTopicAsync(topic, cancellationToken);

    /// <inheritdoc />
    public ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default) => inner.EventBus.PublishAsync(topic, payload, key, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<EventMessage> SubscribeAsync(string topic, string group, string consumer, CancellationToken cancellationToken = default) =>
        topic.StartsWith("agents.", StringComparison.Ordinal) && Interlocked.Decrement(ref _failuresLeft) >= 0
            ? throw new IOException("connection to the event bus lost (injected)")
            : inner.EventBus.SubscribeAsync(topic, group, consumer, cancellationToken);

    /// <inheritdoc />
    public ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default) => inner.EventBus.AckAsync(message, cancellationToken);

    /// <inheritdoc />
    public ValueTask NackAsync(EventMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) => inner.EventBus.NackAsync(message, delay, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
