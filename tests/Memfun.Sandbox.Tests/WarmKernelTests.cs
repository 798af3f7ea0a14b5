namespace Memfun.Sandbox.Tests;

/// <summary>Whether a sandbox keeps the next kernel warm after handing one out.</summary>
public sealed class WarmKernelTests : SandboxTestBase
{
    [Fact]
    public async Task CreateAsync_StartsTheNextKernel_ByDefault()
    {
        var (_, run) = await StartAsync();

        Assert.True(Sandbox.HasWarmKernel);
        Assert.Equal("2\n", (await run("print(1 + 1)")).Stdout);
    }

    [Fact]
    public async Task CreateAsync_StartsNoFurtherKernel_WhenNotKeptWarm()
    {
        Sandbox.KeepWarm = false;
        Sandbox.Prewarm(Options());
        Assert.True(Sandbox.HasWarmKernel);

        var (_, run) = await StartAsync();

        // The prewarmed kernel was taken and none replaced it; the session's kernel works.
        Assert.False(Sandbox.HasWarmKernel);
        Assert.Equal("2\n", (await run("print(1 + 1)")).Stdout);
    }
}
