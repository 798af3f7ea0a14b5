using Memfun.Core.Errors;
using Memfun.Runtime.Errors;

namespace Memfun.Runtime.Events;

/// <summary>Argument checks every event bus tier applies the same way.</summary>
internal static class EventBusGuard
{
    public static void Topic(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
    }

    public static void Subscription(string topic, string group, string consumer)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
    }

    public static void Payload(string topic, ReadOnlyMemory<byte> payload, TopicOptions options)
    {
        if (payload.Length > options.MaxPayloadBytes)
        {
            throw new BackendException(
                MemfunErrorCodes.BackendPayloadTooLarge,
                $"The event for topic '{topic}' is {payload.Length} bytes; the topic accepts at most {options.MaxPayloadBytes}.")
            {
                Hint = "Store large data in the state store or a file and publish a reference to it.",
            };
        }
    }

    public static long ParseTag(EventMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return long.TryParse(message.DeliveryTag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new ArgumentException($"'{message.DeliveryTag}' is not a delivery tag of this event bus.", nameof(message));
    }
}
