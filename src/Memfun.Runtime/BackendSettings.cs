namespace Memfun.Runtime;

/// <summary>The <c>[backend]</c> section: which runtime tier to use and where it is.</summary>
public sealed record BackendSettings
{
    /// <summary>Gets the tier. Default: SQLite.</summary>
    public BackendTier Tier { get; init; } = BackendTier.Sqlite;

    /// <summary>Gets the SQLite database path, relative to the project root unless absolute.</summary>
    public string SqlitePath { get; init; } = ".memfun/memfun.db";

    /// <summary>Gets the Redis URL (<c>redis://[:password@]host:port[/db]</c>).</summary>
    public string RedisUrl { get; init; } = "redis://127.0.0.1:6379";

    /// <summary>Gets the NATS URL (<c>nats://[user:password@]host:port</c>).</summary>
    public string NatsUrl { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>Gets the prefix of every key, topic and bucket, so several projects can share one server.</summary>
    public string Namespace { get; init; } = "memfun";
}
