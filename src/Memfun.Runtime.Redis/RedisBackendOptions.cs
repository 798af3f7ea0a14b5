namespace Memfun.Runtime.Redis;

/// <summary>Where the Redis tier's server is and how it names its keys.</summary>
public sealed record RedisBackendOptions
{
    /// <summary>Gets the server URL: <c>redis://[[user]:password@]host[:port][/db]</c>, or <c>rediss://</c> for TLS.</summary>
    public string Url { get; init; } = "redis://127.0.0.1:6379";

    /// <summary>Gets the prefix of every key, so several projects can share one server. Default <c>memfun</c>.</summary>
    public string Namespace { get; init; } = "memfun";

    /// <summary>Gets how long connecting (and each command during an outage) may take before it fails. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how often idle consumers and watches look for work written by other processes. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets how many state changes the change stream keeps for watches that fall behind. Default 100,000.</summary>
    public long MaxChanges { get; init; } = 100_000;
}
