namespace Memfun.Runtime.Nats;

/// <summary>Where the NATS tier's server is and how it names its streams and buckets.</summary>
public sealed record NatsBackendOptions
{
    /// <summary>Gets the server URL: <c>nats://[user:password@]host[:port]</c> (<c>tls://</c> for TLS).</summary>
    public string Url { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>Gets the prefix of every stream, subject and bucket (letters, digits, <c>-</c>, <c>_</c>). Default <c>memfun</c>.</summary>
    public string Namespace { get; init; } = "memfun";

    /// <summary>Gets how long connecting (and each request during an outage) may take before it fails. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many publishes may wait for their acknowledgement at once. Default 256.</summary>
    public int MaxPublishesInFlight { get; init; } = 256;

    /// <summary>Gets whether streams and buckets are kept on disk (the default) or in the server's memory.</summary>
    public bool FileStorage { get; init; } = true;
}
