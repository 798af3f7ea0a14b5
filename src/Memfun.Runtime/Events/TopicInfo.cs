namespace Memfun.Runtime.Events;

/// <summary>A topic's options and how many events it holds now.</summary>
/// <param name="Name">The topic.</param>
/// <param name="Options">Its options.</param>
/// <param name="EventCount">How many events are retained.</param>
public sealed record TopicInfo(string Name, TopicOptions Options, long EventCount);
