using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>
/// Issue 14 end to end: <c>memfun fix --yes</c> with the real CLI, a real local sandbox and the fake model server,
/// whose scripted code tries the attacks the fix step used to let through.
/// </summary>
public sealed class FixConfinementTests : IAsyncLifetime
{
    private const string GitConfigMarker = "fsmonitor";
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _outside = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Project.WriteFile("src/calc.py", "def add(a, b):\n    return a - b  # BUG\n");
        _cli.Project.WriteFile("memfun.toml", "# project configuration\n");
        var git = await ProcessRunner.TryRunAsync("git", ["init", "-q"], _cli.Project.Path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(git?.Succeeded);
        _outside.WriteFile("victim.txt", "VICTIM\n");
        _outside.WriteFile("inner/secret.txt", "OUTSIDE-SECRET\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        _outside.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task Fix_CannotStageWritesToGitOrMemfunToml_AndTheModelSeesWhy()
    {
        var gitConfig = await File.ReadAllTextAsync(_cli.Project.Combine(".git/config"), TestContext.Current.CancellationToken);
        _server.Enqueue(
            ScriptedReply.Say(Code(
                "attempts = [('.git/config', '[core]\\n\\tfsmonitor = touch pwned\\n'), ('.git/hooks/pre-commit', '#!/bin/sh\\ntouch pwned\\n'),\n"
                + "            ('.GIT/config', '[core]\\n\\tfsmonitor = touch pwned\\n'), ('memfun.toml', '[sandbox]\\nnetwork = true\\n')]\n"
                + "for path, text in attempts:\n"
                + "    try:\n        write_file(path, text)\n        print('STAGED', path)\n    except Exception as e:\n        print('REFUSED', path, e)\n"
                + "edit_file('src/calc.py', 'return a - b  # BUG', 'return a + b')")),
            ScriptedReply.Say(Code("SUBMIT('fixed add()')")));

        var result = await _cli.RunAsync("fix", "add() gives wrong results", "--yes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var seen = _server.Requests[1].LastMessageText;
        Assert.Equal(4, seen.Split("nothing inside a .git folder and not the project's memfun.toml is ever written").Length - 1);
        Assert.DoesNotContain("STAGED", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(".git", result.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("memfun.toml", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(gitConfig, await File.ReadAllTextAsync(_cli.Project.Combine(".git/config"), TestContext.Current.CancellationToken));
        Assert.DoesNotContain(GitConfigMarker, gitConfig, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Project.Combine(".git/hooks/pre-commit")));
        Assert.False(Directory.Exists(_cli.Project.Combine(".GIT")));
        Assert.Equal("# project configuration\n", await File.ReadAllTextAsync(_cli.Project.Combine("memfun.toml"), TestContext.Current.CancellationToken));
        Assert.Contains("return a + b", await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_NeverWritesThroughAPlantedTemporaryFileLink()
    {
        File.CreateSymbolicLink(_cli.Project.Combine("src/calc.py.memfun-tmp"), _outside.Combine("victim.txt"));
        _server.Enqueue(ScriptedReply.Say(Code("edit_file('src/calc.py', 'return a - b  # BUG', 'return a + b')\nSUBMIT('fixed')")));

        var result = await _cli.RunAsync("fix", "add() gives wrong results", "--yes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("VICTIM\n", await File.ReadAllTextAsync(_outside.Combine("victim.txt"), TestContext.Current.CancellationToken));
        Assert.Null(new FileInfo(_cli.Project.Combine("src/calc.py")).LinkTarget);
        Assert.Equal("def add(a, b):\n    return a + b\n", await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Fix_CannotReadOrWriteThroughALinkChain()
    {
        Directory.CreateSymbolicLink(_cli.Project.Combine("lnk1"), _outside.Path);
        Directory.CreateSymbolicLink(_cli.Project.Combine("lnk2"), "lnk1/inner");
        File.CreateSymbolicLink(_cli.Project.Combine("f2"), "lnk1/victim.txt");
        _server.Enqueue(
            ScriptedReply.Say(Code(
                "for action in [lambda: read_file('lnk2/secret.txt'), lambda: read_file('f2'), lambda: write_file('lnk2/new.txt', 'PWNED'),\n"
                + "               lambda: write_file('f2', 'PWNED'), lambda: edit_file('f2', 'VICTIM', 'PWNED')]:\n"
                + "    try:\n        print('DONE', action())\n    except Exception as e:\n        print('REFUSED', e)")),
            ScriptedReply.Say(Code("SUBMIT('nothing to fix')")));

        var result = await _cli.RunAsync("fix", "look around", "--yes");

        var seen = _server.Requests[1].LastMessageText;
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(5, seen.Split("is refused: it goes through a symbolic link that leads outside the project root").Length - 1);
        Assert.DoesNotContain("OUTSIDE-SECRET", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("DONE", seen, StringComparison.Ordinal);
        Assert.Equal("VICTIM\n", await File.ReadAllTextAsync(_outside.Combine("victim.txt"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(_outside.Combine("inner/new.txt")));
    }
}
