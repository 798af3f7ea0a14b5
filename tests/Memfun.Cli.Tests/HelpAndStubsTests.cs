using Memfun.Core.Errors;

namespace Memfun.Cli.Tests;

public sealed class HelpAndStubsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Version_PrintsTheAssemblyVersion()
    {
        var result = await _cli.RunAsync("--version");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(MemfunApp.Version, result.Stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout.Trim());
    }

    [Fact]
    public async Task Help_ListsEveryPlannedCommandGroup()
    {
        var result = await _cli.RunAsync("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        foreach (var command in new[] { "init", "config", "doctor", "ask", "explain", "analyze", "review", "fix", "chat", "traces", "skill", "agent", "mcp", "worker" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s", result.Stdout);
        }
    }

    [Fact]
    public async Task UnknownCommand_SuggestsTheClosestOne()
    {
        var result = await _cli.RunAsync("doctr");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Did you mean 'doctor'?", result.Stderr, StringComparison.Ordinal);
    }
}
