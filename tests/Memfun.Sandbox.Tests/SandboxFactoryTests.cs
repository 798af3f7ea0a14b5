using Memfun.Sandbox.Local;
using Memfun.Testing;

namespace Memfun.Sandbox.Tests;

public sealed class SandboxFactoryTests
{
    [Fact]
    public async Task ConfiguredLocalSandbox_RunsCodeWithTheConfiguredLimits()
    {
        using var project = new TempDirectory();
        var settings = new SandboxSettings { OutputLimitChars = 100, TimeoutSeconds = 7, MemoryMb = 300 };

        var options = SandboxFactory.Options(settings, project.Path);
        await using var sandbox = await SandboxFactory.OpenAsync(settings, TestContext.Current.CancellationToken);
        var handle = await sandbox.CreateAsync(options, TestContext.Current.CancellationToken);
        var result = await sandbox.ExecuteAsync(handle, "import resource, os\nprint(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20, os.getcwd())\nprint('y' * 500)", cancellationToken: TestContext.Current.CancellationToken);

        Assert.IsType<LocalSandbox>(sandbox);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.StartsWith($"300 {project.Path}\n", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.Truncated);
    }
}
