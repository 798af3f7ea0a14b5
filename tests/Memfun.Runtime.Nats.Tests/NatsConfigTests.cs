using Memfun.Testing;

namespace Memfun.Runtime.Nats.Tests;

public sealed class NatsConfigTests
{
    [Fact]
    public async Task UseSettings_WithTheNatsTierAdded_OpensNats()
    {
        var settings = new BackendSettings { Tier = BackendTier.Nats, NatsUrl = TestServers.NatsUrl, Namespace = "c" + Guid.NewGuid().ToString("N")[..12] };

        await using var runtime = await new RuntimeBuilder().AddNatsTier().UseSettings(settings, Path.GetTempPath()).BuildAsync(TestContext.Current.CancellationToken);

        Assert.Equal("nats", runtime.Context.Tier);
        Assert.True(await runtime.Context.State.SetAsync("k", new byte[] { 1 }, cancellationToken: TestContext.Current.CancellationToken) > 0);
    }
}
