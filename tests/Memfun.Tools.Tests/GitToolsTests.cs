using Memfun.Core.Errors;
using Memfun.Tools.Git;
using Memfun.Tools.Mcp;

namespace Memfun.Tools.Tests;

public sealed class GitToolsTests : IDisposable
{
    private readonly SampleProject _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task StatusDiffLogShowBlame_DescribeTheRepository()
    {
        await _project.InitGitAsync();
        _project.Directory.WriteFile("README.md", "# Demo\n\nA better calculator.\n");
        var git = new GitTools(_project.Context());

        var status = await git.StatusAsync(_ct);
        var diff = await git.DiffAsync(cancellationToken: _ct);
        var log = await git.LogAsync(cancellationToken: _ct);
        var show = await git.ShowAsync("HEAD:src/Calculator.cs", _ct);
        var blame = await git.BlameAsync("src/Calculator.cs", 3, 3, _ct);

        Assert.Contains(" M README.md", status, StringComparison.Ordinal);
        Assert.Contains("+A better calculator.", diff, StringComparison.Ordinal);
        Assert.Contains("Initial commit", log, StringComparison.Ordinal);
        Assert.Contains("public class Calculator", show, StringComparison.Ordinal);
        Assert.Contains("public class Calculator", blame, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-branch")]
    [InlineData("--output=/tmp/x")]
    public async Task UnknownOrOptionLikeRefs_AreToolErrors(string reference)
    {
        await _project.InitGitAsync();
        var git = new GitTools(_project.Context());

        var error = await Assert.ThrowsAsync<ToolException>(() => git.ShowAsync(reference, _ct));

        Assert.Equal(MemfunErrorCodes.ToolBadArguments, error.ErrorCode);
    }

    [Fact]
    public async Task Commit_NeedsWrites_AndThenCommits()
    {
        await _project.InitGitAsync();
        _project.Directory.WriteFile("NEW.md", "new\n");
        await _project.GitAsync("config", "user.email", "test@example.com");
        await _project.GitAsync("config", "user.name", "Test");

        var arguments = new Dictionary<string, object?> { ["message"] = "Add NEW", ["paths"] = new[] { "NEW.md" } };
        var refused = await Commit(_project.Context()).InvokeAsync(arguments, _ct);
        Assert.DoesNotContain("Add NEW", await _project.GitAsync("log", "--format=%s", "--all"), StringComparison.Ordinal);
        var committed = await Commit(_project.Context(allowWrites: true)).InvokeAsync(arguments, _ct);

        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, refused.ErrorCode);
        Assert.False(committed.IsError, committed.Text);
        Assert.Contains("Add NEW", await _project.GitAsync("log", "--format=%s", "-1"), StringComparison.Ordinal);
    }

    private static MemfunTool Commit(ToolContext context) => new BuiltInToolProvider().GetTools(context).Single(t => t.Name == "git_commit");
}
