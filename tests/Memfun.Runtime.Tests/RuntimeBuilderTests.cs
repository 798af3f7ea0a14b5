using Memfun.Core.Errors;
using Memfun.Runtime.Conformance;
using Memfun.Runtime.DependencyInjection;
using Memfun.Runtime.Errors;
using Memfun.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Memfun.Runtime.Tests;

public sealed class RuntimeBuilderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    private static BackendSettings Settings(BackendTier tier) => new() { Tier = tier, SqlitePath = "state/runtime.db" };

    [Fact]
    public async Task UseSettings_Sqlite_OpensTheConfiguredFileUnderTheProjectRoot()
    {
        await using var runtime = await new RuntimeBuilder().UseSettings(Settings(BackendTier.Sqlite), _temp.Path).BuildAsync(Cancellation);

        Assert.Equal("sqlite", runtime.Context.Tier);
        Assert.True(File.Exists(_temp.Combine("state/runtime.db")));
    }

    [Fact]
    public async Task UseSettings_Memory_UsesTheInProcessTier()
    {
        await using var runtime = await new RuntimeBuilder().UseSettings(Settings(BackendTier.Memory), _temp.Path).BuildAsync(Cancellation);

        Assert.Equal("memory", runtime.Context.Tier);
    }

    [Theory]
    [InlineData(BackendTier.Redis)]
    [InlineData(BackendTier.Nats)]
    public void UseSettings_TierNotAdded_IsAClearError(BackendTier tier)
    {
        var error = Assert.Throws<BackendException>(() => new RuntimeBuilder().UseSettings(Settings(tier), _temp.Path));

        Assert.Equal(MemfunErrorCodes.BackendMissingFeature, error.ErrorCode);
        Assert.Contains(tier.ToString().ToLowerInvariant(), error.Message, StringComparison.Ordinal);
        Assert.Contains("AddRedisTier() or AddNatsTier()", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSettings_PicksATierAddedByItsPackage()
    {
        BackendSettings? seen = null;
        var builder = new RuntimeBuilder().AddTier(BackendTier.Nats, (b, settings) =>
        {
            seen = settings;
            b.UseInProcess();
        });
        var settings = Settings(BackendTier.Nats);

        await using var runtime = await builder.UseSettings(settings, _temp.Path).BuildAsync(Cancellation);

        Assert.Same(settings, seen);
        Assert.Equal("memory", runtime.Context.Tier);
    }

    [Fact]
    public async Task AddMemfunRuntime_BuildsOneRuntimeAndDisposesItWithTheContainer()
    {
        var services = new ServiceCollection().AddMemfunRuntime(b => b.UseSqlite(_temp.Combine("di.db")));
        MemfunRuntime first;
        await using (var provider = services.BuildServiceProvider())
        {
            var runtimes = provider.GetRequiredService<MemfunRuntimeProvider>();
            first = await runtimes.GetRuntimeAsync(Cancellation);
            var second = await runtimes.GetRuntimeAsync(Cancellation);

            Assert.Same(first, second);
            Assert.Equal("sqlite", first.Context.Tier);
        }

        await Assert.ThrowsAnyAsync<Exception>(async () => await first.Context.State.SetAsync("after-dispose", "x"u8.ToArray(), cancellationToken: Cancellation));
    }

    [Fact]
    public async Task Dispatch_CancelledByTheCaller_Throws()
    {
        await using var runtime = await new RuntimeBuilder().BuildAsync(Cancellation);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runtime.Orchestrator.DispatchAsync("nobody", TestAgents.Task("x"), cancellationToken: cancelled.Token));
    }
}
