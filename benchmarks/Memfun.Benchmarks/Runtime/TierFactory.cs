using Memfun.Runtime;
using Memfun.Runtime.InProcess;
using Memfun.Runtime.Nats;
using Memfun.Runtime.Redis;
using Memfun.Runtime.Sqlite;

namespace Memfun.Benchmarks.Runtime;

/// <summary>Opens a fresh backend of a tier for a benchmark run.</summary>
internal static class TierFactory
{
    public static async Task<(IRuntimeBackend Backend, string? Directory)> OpenAsync(string tier)
    {
        switch (tier)
        {
            case "memory":
                return (new InProcessBackend(), null);
            case "redis":
                return (await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = RedisUrl, Namespace = "bench-" + Guid.NewGuid().ToString("N") }), null);
            case "nats":
                return (await NatsBackend.ConnectAsync(new NatsBackendOptions { Url = NatsUrl, Namespace = "bench" + Guid.NewGuid().ToString("N")[..12] }), null);
        }

        var directory = Path.Combine(Path.GetTempPath(), "memfun-bench", Guid.NewGuid().ToString("N"));
        return (await SqliteBackend.OpenAsync(Path.Combine(directory, "bench.db")), directory);
    }

    /// <summary>Gets the Redis server of the T2 rows (scripts/test.sh exports the variable; default: the standard port).</summary>
    public static string RedisUrl => Environment.GetEnvironmentVariable("MEMFUN_REDIS_URL") ?? "redis://127.0.0.1:6379";

    /// <summary>Gets the NATS server (with JetStream) of the T3 rows.</summary>
    public static string NatsUrl => Environment.GetEnvironmentVariable("MEMFUN_NATS_URL") ?? "nats://127.0.0.1:4222";

    public static async Task CloseAsync(IRuntimeBackend backend, string? directory)
    {
        switch (backend)
        {
            case RedisBackend redis:
                await redis.DeleteNamespaceAsync();
                break;
            case NatsBackend nats:
                await nats.DeleteNamespaceAsync();
                break;
        }

        await backend.DisposeAsync();
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
