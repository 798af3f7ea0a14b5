using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>
/// The attack: a repository ships a <c>.memfun/</c> folder with links in it (the day's log to <c>~/.bashrc</c>, or
/// <c>.memfun</c> itself to a folder elsewhere), so that memfun's own writes land outside the project.
/// </summary>
public sealed class PlantedStateLinksTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _outside = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        _outside.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task APlantedLinkAsTheDaysLog_GetsNoLogLine()
    {
        var bashrc = _outside.WriteFile(".bashrc", "original\n");
        var logs = _cli.Project.CreateDirectory(".memfun/logs");
        foreach (var day in new[] { DateTime.UtcNow, DateTime.UtcNow.AddDays(1) })
        {
            File.CreateSymbolicLink(Path.Combine(logs, $"memfun-{day:yyyyMMdd}.log"), bashrc);
        }

        var result = await _cli.RunAsync("traces", "show", "no-such-run"); // a failure, which is always logged

        Assert.Equal(ExitCodes.Agent, result.ExitCode);
        Assert.Equal("original\n", File.ReadAllText(bashrc));
    }

    [Fact]
    public async Task AStateFolderLinkedElsewhere_StopsTheRunWithItsName_AndNothingIsWrittenThere()
    {
        Directory.CreateSymbolicLink(_cli.Project.Combine(".memfun"), _outside.Path);
        _server.Enqueue(ScriptedReply.Say("```python\nSUBMIT('done')\n```"));

        var result = await _cli.RunAsync("ask", "Anything?");

        Assert.Equal(ExitCodes.Security, result.ExitCode);
        Assert.Contains(MemfunErrorCodes.SecurityDenied, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(".memfun is a symbolic link", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.Path));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ALinkedTracesFolder_StopsTheRun_BeforeATraceIsWrittenThere()
    {
        _cli.Project.CreateDirectory(".memfun");
        Directory.CreateSymbolicLink(_cli.Project.Combine(".memfun/traces"), _outside.Path);
        _server.Enqueue(ScriptedReply.Say("```python\nSUBMIT('done')\n```"));

        var result = await _cli.RunAsync("ask", "Anything?");

        Assert.Equal(ExitCodes.Security, result.ExitCode);
        Assert.Contains(".memfun/traces is a symbolic link", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside.Path));
    }
}
