namespace Memfun.Sandbox.Tests;

/// <summary>Whether a sandbox keeps the next kernel warm after handing one out, and how a kernel is stopped.</summary>
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

    [Fact]
    public async Task DestroyAsync_StopsTheProcessesTheKernelStarted()
    {
        // Under bubblewrap only the kernel's own process is killed; what it started must die with its namespace.
        var marker = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (handle, run) = await StartAsync();
        var started = await run($"import subprocess\nchild = subprocess.Popen(['sleep', '{marker}'])\nprint(child.pid > 0)");
        Assert.Equal("True\n", started.Stdout);
        Assert.True(SleepRunning(marker), "the kernel's child is running before the kernel is stopped");

        await Sandbox.DestroyAsync(handle, Cancellation);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (SleepRunning(marker) && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.False(SleepRunning(marker), "the kernel's child outlived the kernel");
    }

    private static bool SleepRunning(string marker) =>
        Directory.EnumerateDirectories("/proc").Any(folder =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(folder, "cmdline")) == $"sleep\0{marker}\0";
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });
}
