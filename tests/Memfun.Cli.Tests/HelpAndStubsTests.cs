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

    [Theory]
    [InlineData("init")]
    [InlineData("config", "show")]
    [InlineData("doctor")]
    [InlineData("ask")]
    [InlineData("explain")]
    [InlineData("analyze")]
    [InlineData("review")]
    [InlineData("fix")]
    [InlineData("chat")]
    [InlineData("traces", "list")]
    [InlineData("traces", "show")]
    [InlineData("skill", "list")]
    [InlineData("skill", "info")]
    [InlineData("skill", "invoke")]
    [InlineData("skill", "search")]
    [InlineData("skill", "create")]
    [InlineData("skill", "validate")]
    [InlineData("agent", "list")]
    [InlineData("agent", "info")]
    [InlineData("mcp", "serve")]
    [InlineData("worker")]
    public async Task EveryCommand_HasHelpThatRenders(params string[] command)
    {
        var result = await _cli.RunAsync([.. command, "--help"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("USAGE:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"memfun {string.Join(' ', command)}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_SuggestsTheClosestOne()
    {
        var result = await _cli.RunAsync("doctr");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Did you mean 'doctor'?", result.Stderr, StringComparison.Ordinal);
    }
}
