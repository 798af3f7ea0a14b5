using Memfun.Runtime.Conformance;
using Memfun.Testing;

namespace Memfun.Runtime.Redis.Tests;

/// <summary>The Redis tier on the test server, in a namespace of its own per test.</summary>
public sealed class RedisTier : RuntimeTier
{
    private readonly string _namespace = "memfun-test-" + Guid.NewGuid().ToString("N");

    public override string Name => "redis";

    public RedisBackendOptions Options => new() { Url = TestServers.RedisUrl, Namespace = _namespace };

    public override async Task<IRuntimeBackend> CreateBackendAsync(CancellationToken cancellationToken) =>
        await RedisBackend.ConnectAsync(Options, cancellationToken: cancellationToken);

    public override async ValueTask CleanUpAsync()
    {
        if (Environment.GetEnvironmentVariable("MEMFUN_REDIS_URL") is not { Length: > 0 })
        {
            return;
        }

        await using var backend = await RedisBackend.ConnectAsync(Options);
        await backend.DeleteNamespaceAsync();
    }
}
