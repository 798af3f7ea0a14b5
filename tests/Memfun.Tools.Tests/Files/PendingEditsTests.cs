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

        edits.Edit("a.txt", "two", "TWO");
        edits.Write("new/b.txt", "fresh\n");

        Assert.Equal("one\nTWO\nthree\n", edits.Read("a.txt"));
        Assert.Equal("one\ntwo\nthree\n", File.ReadAllText(_project.Combine("a.txt")));
        Assert.False(File.Exists(_project.Combine("new/b.txt")));

        await edits.ApplyAsync(TestContext.Current.CancellationToken);

        Assert.Equal("one\nTWO\nthree\n", File.ReadAllText(_project.Combine("a.txt")));
        Assert.Equal("fresh\n", File.ReadAllText(_project.Combine("new/b.txt")));
    }

    [Fact]
    public async Task Diff_IsAUnifiedDiffWithProjectPaths()
    {
        _project.WriteFile("a.txt", "one\ntwo\n");
        var edits = new PendingEdits(_project.Path);
        edits.Edit("a.txt", "two", "2");
        edits.Write("c.txt", "created\n");

        var diff = await edits.DiffAsync(TestContext.Current.CancellationToken);

        Assert.Contains("--- a/a.txt\n+++ b/a.txt", diff, StringComparison.Ordinal);
        Assert.Contains("-two\n+2", diff, StringComparison.Ordinal);
        Assert.Contains("--- /dev/null\n+++ b/c.txt", diff, StringComparison.Ordinal);
        Assert.DoesNotContain(_project.Path, diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_NeedsTextThatOccursExactlyOnce()
    {
        _project.WriteFile("a.txt", "x = 1\nx = 1\n");
        var edits = new PendingEdits(_project.Path);

        Assert.Contains("occurs 2 times", Assert.Throws<ToolException>(() => edits.Edit("a.txt", "x = 1", "x = 2")).Message, StringComparison.Ordinal);
        Assert.Contains("was not found", Assert.Throws<ToolException>(() => edits.Edit("a.txt", "y = 1", "y = 2")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../outside.txt")]
    public void PathsOutsideTheProject_AreRefused(string path)
    {
        var edits = new PendingEdits(_project.Path);

        var error = Assert.Throws<SecurityException>(() => edits.Write(path, "x"));

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
