using Memfun.Runtime.Agents;

namespace Memfun.Runtime.Conformance;

/// <summary>The semantics of <see cref="IAgentRegistry"/> on every tier.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class AgentRegistryConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private IAgentRegistry Registry => Runtime.Context.Registry;

    [Fact]
    public async Task Register_ThenGetListAndDiscoverByCapability()
    {
        await Registry.RegisterAsync("rev-1", "reviewer", ["Review", "lint"], new Dictionary<string, string> { ["model"] = "m" }, cancellationToken: Cancellation);
        await Registry.RegisterAsync("dbg-1", "debugger", ["debug"], cancellationToken: Cancellation);

        var found = await Registry.GetAsync("rev-1", Cancellation);
        var reviewers = await Registry.DiscoverAsync("review", Cancellation).ToListAsync(Cancellation);
        var all = await Registry.ListAsync(Cancellation).ToListAsync(Cancellation);

        Assert.NotNull(found);
        Assert.Equal("reviewer", found.Name);
        Assert.Equal("m", found.Metadata["model"]);
        Assert.Equal(["rev-1"], reviewers.Select(a => a.AgentId));
        Assert.Equal(["dbg-1", "rev-1"], all.Select(a => a.AgentId).Order(StringComparer.Ordinal));
        Assert.Empty(await Registry.DiscoverAsync("deploy", Cancellation).ToListAsync(Cancellation));
    }

    [Fact]
    public async Task Registration_ExpiresWhenHeartbeatsStop_AndLivesWhileTheyCome()
    {
        var ttl = TimeSpan.FromMilliseconds(600);
        await Registry.RegisterAsync("kept", "a", ["x"], ttl: ttl, cancellationToken: Cancellation);
        await Registry.RegisterAsync("dropped", "a", ["x"], ttl: ttl, cancellationToken: Cancellation);

        var until = DateTime.UtcNow + (ttl * 2);
        while (DateTime.UtcNow < until)
        {
            Assert.True(await Registry.HeartbeatAsync("kept", Cancellation));
            await Task.Delay(100, Cancellation);
        }

        Assert.Equal("kept", (await Registry.GetAsync("kept", Cancellation))?.AgentId);
        Assert.Null(await Registry.GetAsync("dropped", Cancellation));
        Assert.False(await Registry.HeartbeatAsync("dropped", Cancellation));
    }

    [Fact]
    public async Task Deregister_RemovesTheAgent()
    {
        await Registry.RegisterAsync("gone", "a", ["x"], cancellationToken: Cancellation);

        Assert.True(await Registry.DeregisterAsync("gone", Cancellation));
        Assert.False(await Registry.DeregisterAsync("gone", Cancellation));
        Assert.Null(await Registry.GetAsync("gone", Cancellation));
    }
}
