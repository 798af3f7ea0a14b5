
namespace Memfun.Runtime.Events;

/// <summary>
/// Topics of events consumed by groups: at-least-once delivery, competing consumers inside a group and
/// fan-out across groups.
/// </summary>
/// <remarks>
/// <para>Semantics every tier honours (proven by the conformance suite):</para>
/// <list type="bullet">
/// <item>A group is created on its first subscription and starts at the earliest retained event, so events
/// published before a worker subscribes are not lost. Each group sees every event; inside a group each event
/// goes to one consumer at a time.</item>
/// <item>A delivery that is not acknowledged within the topic's <see cref="TopicOptions.AckTimeout"/> is
/// redelivered (to any consumer of the group) with a higher <see cref="EventMessage.DeliveryCount"/>.
/// <see cref="NackAsync"/> makes it available again after the given delay.</item>
/// <item>After <see cref="TopicOptions.MaxDeliveries"/> deliveries without an ack, the event is moved to the
/// dead-letter topic <see cref="TopicOptions.DeadLetterTopic"/> and no longer redelivered.</item>
/// <item>One consumer sees a topic's events in publish order (redeliveries aside).</item>
/// <item>Retention bounds storage: events beyond <see cref="TopicOptions.MaxEvents"/> or older than
/// <see cref="TopicOptions.MaxAge"/> are trimmed, acknowledged or not.</item>
/// <item>Payloads larger than <see cref="TopicOptions.MaxPayloadBytes"/> are refused with a
/// <see cref="Memfun.Runtime.Errors.BackendException"/> (code <c>MF2002</c>).</item>
/// </list>
/// </remarks>
public interface IEventBus : IAsyncDisposable
{
    /// <summary>Creates a topic, or updates its options if it exists. Publishing or subscribing creates a topic with default options.</summary>
    ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a topic, its events and its groups. Deleting a missing topic does nothing.</summary>
    ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>Gets a topic's options and counters, or <see langword="null"/> if it does not exist.</summary>
    ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>Publishes an event and returns its id once the tier has stored it durably (for durable tiers).</summary>
    ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Consumes the topic as <paramref name="consumer"/> in <paramref name="group"/>. The stream ends only
    /// when <paramref name="cancellationToken"/> is cancelled; unacknowledged deliveries are then redelivered.
    /// </summary>
    IAsyncEnumerable<EventMessage> SubscribeAsync(string topic, string group, string consumer, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges a delivery: the event is done for its group.</summary>
    ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default);

    /// <summary>Gives a delivery back: the event is redelivered to the group after <paramref name="delay"/> (immediately if null).</summary>
    ValueTask NackAsync(EventMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default);
}
