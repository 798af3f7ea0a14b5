using Memfun.Tools.Files;
using Memfun.Core.Errors;
using Memfun.Testing;

namespace Memfun.Tools.Tests.Files;

public sealed class PendingEditsTests : IDisposable
{
    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Edits_AreVisibleToReadsButNotWrittenUntilApplied()
    {
        _project.WriteFile("a.txt", "one\ntwo\nthree\n");
        var edits = new PendingEdits(_project.Path);

        await edits.EditAsync("a.txt", "two", "TWO", TestContext.Current.CancellationToken);
        await edits.WriteAsync("new/b.txt", "fresh\n", TestContext.Current.CancellationToken);

        Assert.Equal("one\nTWO\nthree\n", edits.Read("a.txt"));
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(_project.Combine("a.txt")));
        Assert.False(File.Exists(_project.Combine("new/b.txt")));

        await edits.ApplyAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("one\nTWO\nthree\n", File.ReadAllText(_project.Combine("a.txt")));
        Assert.Equal("fresh\n", File.ReadAllText(_project.Combine("new/b.txt")));
    }

    [Fact]
    public async Task Diff_IsAUnifiedDiffWithProjectPaths()
    {
        _project.WriteFile("a.txt", "one\ntwo\n");
        var edits = new PendingEdits(_project.Path);
        await edits.EditAsync("a.txt", "two", "2", TestContext.Current.CancellationToken);
        await edits.WriteAsync("c.txt", "created\n", TestContext.Current.CancellationToken);

        var diff = await edits.DiffAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("--- a/a.txt\n+++ b/a.txt", diff, StringComparison.Ordinal);
        Assert.Contains("-two\n+2", diff, StringComparison.Ordinal);
        Assert.Contains("--- /dev/null\n+++ b/c.txt", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(_project.Path, diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_NeedsTextThatOccursExactlyOnce()
    {
        _project.WriteFile("a.txt", "x = 1\nx = 1\n");
        var edits = new PendingEdits(_project.Path);

        Assert.Contains("occurs 2 times", (await Assert.ThrowsAsync<ToolException>(() => edits.EditAsync("a.txt", "x = 1", "x = 2", TestContext.Current.CancellationToken))).Message, StringComparison.Ordinal);
        Assert.Contains("was not found", (await Assert.ThrowsAsync<ToolException>(() => edits.EditAsync("a.txt", "y = 1", "y = 2", TestContext.Current.CancellationToken))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../outside.txt")]
    public async Task PathsOutsideTheProject_AreRefused(string path)
    {
        var edits = new PendingEdits(_project.Path);

        var error = await Assert.ThrowsAsync<SecurityException>(() => edits.WriteAsync(path, "x", TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, error.ErrorCode);
    }

    [Fact]
    public void SymlinkLeavingTheProject_IsRefused()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "secret.txt"), "secret");
        File.CreateSymbolicLink(_project.Combine("link"), outside.Path);
        var edits = new PendingEdits(_project.Path);

        Assert.Throws<SecurityException>(() => edits.Read("link/secret.txt"));
    }
}
