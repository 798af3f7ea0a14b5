using Memfun.Core.Configuration;
using Memfun.Testing;

namespace Memfun.Runtime.Redis.Tests;

public sealed class RedisConfigTests
{
    [Fact]
    public async Task UseConfig_WithTheRedisTierAdded_OpensRedis()
    {
        var config = new MemfunConfig { Backend = new BackendSettings { Tier = BackendTier.Redis, RedisUrl = TestServers.RedisUrl, Namespace = "config-" + Guid.NewGuid().ToString("N") } };

        await using var runtime = await new RuntimeBuilder().AddRedisTier().UseConfig(config).BuildAsync(TestContext.Current.CancellationToken);

        Assert.Equal("redis", runtime.Context.Tier);
        Assert.True(await runtime.Context.State.SetAsync("k", new byte[] { 1 }, cancellationToken: TestContext.Current.CancellationToken) > 0);
    }
}
