using Memfun.Testing;

namespace Memfun.Runtime.Redis.Tests;

public sealed class RedisConfigTests
{
    [Fact]
    public async Task UseSettings_WithTheRedisTierAdded_OpensRedis()
    {
        var settings = new BackendSettings { Tier = BackendTier.Redis, RedisUrl = TestServers.RedisUrl, Namespace = "config-" + Guid.NewGuid().ToString("N") };

        await using var runtime = await new RuntimeBuilder().AddRedisTier().UseSettings(settings, Path.GetTempPath()).BuildAsync(TestContext.Current.CancellationToken);

        Assert.Equal("redis", runtime.Context.Tier);
        Assert.True(await runtime.Context.State.SetAsync("k", new byte[] { 1 }, cancellationToken: TestContext.Current.CancellationToken) > 0);
    }
}
