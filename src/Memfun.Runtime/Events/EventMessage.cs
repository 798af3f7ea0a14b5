namespace Memfun.Runtime.Events;

/// <summary>One delivery of an event to a consumer of a group.</summary>
/// <param name="Id">The event's id, unique within its topic and stable across redeliveries.</param>
/// <param name="Topic">The topic the event was published to.</param>
/// <param name="Payload">The event's bytes, exactly as published.</param>
/// <param name="Key">The optional key given at publish time (used for routing and correlation).</param>
/// <param name="PublishedAt">When the event was published.</param>
/// <param name="Group">The consumer group this delivery belongs to.</param>
/// <param name="DeliveryCount">How many times this event has been delivered to the group, this delivery included (1 on first delivery).</param>
/// <param name="DeliveryTag">An opaque, tier-specific token that <c>Ack</c>/<c>Nack</c> use to find the delivery.</param>
public sealed record EventMessage(
    string Id,
    string Topic,
    ReadOnlyMemory<byte> Payload,
    string? Key,
    DateTimeOffset PublishedAt,
    string Group,
    int DeliveryCount,
    string DeliveryTag);
