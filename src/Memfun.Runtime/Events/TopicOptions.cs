namespace Memfun.Runtime.Events;

/// <summary>A topic's delivery and retention options.</summary>
public sealed record TopicOptions
{
    /// <summary>Gets the options a topic gets when it is created implicitly.</summary>
    public static TopicOptions Default { get; } = new();

    /// <summary>Gets how long a delivery may stay unacknowledged before it is redelivered. Default 30 s.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how many deliveries an event gets before it is dead-lettered. Default 5.</summary>
    public int MaxDeliveries { get; init; } = 5;

    /// <summary>Gets the most events kept in the topic; older ones are trimmed. Default 100,000.</summary>
    public long MaxEvents { get; init; } = 100_000;

    /// <summary>Gets how long events are kept. Default 7 days.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Gets the largest payload accepted. Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; init; } = 1024 * 1024;

    /// <summary>Gets the name of the dead-letter topic for <paramref name="topic"/>.</summary>
    public static string DeadLetterTopic(string topic) => topic + ".dead-letter";
}
