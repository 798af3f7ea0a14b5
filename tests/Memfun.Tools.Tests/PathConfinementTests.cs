using System.Runtime.Versioning;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Testing;
using Memfun.Tools.Mcp;
using Memfun.Tools.RepoMap;

namespace Memfun.Tools.Tests;

/// <summary>
/// The symlink-chain attack (issue 14) against every MCP file tool, on real files: <c>lnk1 -&gt; /outside</c>,
/// <c>lnk2 -&gt; lnk1/inner</c> and <c>f2 -&gt; lnk1/top.txt</c>. A link to a link used to be judged by its lexical path.
/// </summary>
public sealed class PathConfinementTests : IDisposable
{
    private const string OutsideTop = "OUTSIDE-TOP\n";
    private const string OutsideSecret = "OUTSIDE-SECRET\n";
    private readonly SampleProject _project = new();
    private readonly TempDirectory _outside = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly Dictionary<string, MemfunTool> _tools;

    public PathConfinementTests()
    {
        LinkChain.Plant(Project("."), _outside, OutsideTop, OutsideSecret);
        _tools = new BuiltInToolProvider().GetTools(_project.Context(allowWrites: true)).ToDictionary(t => t.Name);
    }

    public void Dispose()
    {
        _project.Dispose();
        _outside.Dispose();
    }

    [Theory]
    [InlineData("lnk2/secret.txt")]
    [InlineData("f2")]
    [InlineData("lnk1/top.txt")]
    [InlineData("lnk2/./secret.txt")]
    public async Task ReadFile_ThroughALinkChain_IsRefused(string path)
    {
        var result = await CallAsync("read_file", ("path", path));

        AssertRefused(result, MemfunErrorCodes.SecurityPathEscape);
    }

    [Fact]
    public async Task ListDirectory_HidesLinksLeavingTheRoot_AndRefusesToListThroughThem()
    {
        var root = await CallAsync("list_directory", ("path", "."));
        var chained = await CallAsync("list_directory", ("path", "lnk2"));
        var direct = await CallAsync("list_directory", ("path", "lnk1"));

        Assert.Equal("src/\ntools/\nREADME.md\t22\n", root.Text);
        AssertRefused(chained, MemfunErrorCodes.SecurityPathEscape);
        AssertRefused(direct, MemfunErrorCodes.SecurityPathEscape);
        Assert.DoesNotContain("secret.txt", chained.Text + direct.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grep_NeitherTraversesNorIsPointedThroughTheChain()
    {
        var everywhere = await CallAsync("grep", ("pattern", "OUTSIDE"));
        var chainedDirectory = await CallAsync("grep", ("pattern", "OUTSIDE"), ("path", "lnk2"));
        var chainedFile = await CallAsync("grep", ("pattern", "OUTSIDE"), ("path", "f2"));
        var structural = await CallAsync("ast_grep", ("pattern", "$A"), ("path", "lnk2"));

        Assert.Equal("[no matches]\n", everywhere.Text);
        AssertRefused(chainedDirectory, MemfunErrorCodes.SecurityPathEscape);
        AssertRefused(chainedFile, MemfunErrorCodes.SecurityPathEscape);
        AssertRefused(structural, MemfunErrorCodes.SecurityPathEscape);
    }

    [Fact]
    public async Task Glob_NeitherTraversesNorIsPointedThroughTheChain()
    {
        var everywhere = await CallAsync("glob", ("pattern", "**/*.txt"));
        var chained = await CallAsync("glob", ("pattern", "*"), ("path", "lnk2"));

        Assert.Equal("[no files match]\n", everywhere.Text);
        AssertRefused(chained, MemfunErrorCodes.SecurityPathEscape);
    }

    [Theory]
    [InlineData("lnk2/new.txt")]
    [InlineData("lnk2/secret.txt")]
    [InlineData("f2")]
    [InlineData("lnk1/top.txt")]
    public async Task WriteFile_ThroughALinkChain_IsRefused_AndNothingOutsideChanges(string path)
    {
        var result = await CallAsync("write_file", ("path", path), ("content", "PWNED"));

        AssertRefused(result, MemfunErrorCodes.SecurityPathEscape);
        AssertOutsideUntouched();
    }

    [Theory]
    [InlineData("f2", "OUTSIDE-TOP")]
    [InlineData("lnk2/secret.txt", "OUTSIDE-SECRET")]
    public async Task EditFile_ThroughALinkChain_IsRefused_AndNothingOutsideChanges(string path, string oldString)
    {
        var result = await CallAsync("edit_file", ("path", path), ("oldString", oldString), ("newString", "PWNED"));

        AssertRefused(result, MemfunErrorCodes.SecurityPathEscape);
        AssertOutsideUntouched();
    }

    [Fact]
    public async Task AnInProjectDirectoryLink_StillWorksForEveryTool()
    {
        _project.Directory.WriteFile("real/docs/a.md", "inside docs\n");
        Directory.CreateSymbolicLink(Project("docs"), "real/docs");

        var read = await CallAsync("read_file", ("path", "docs/a.md"));
        var list = await CallAsync("list_directory", ("path", "docs"));
        var glob = await CallAsync("glob", ("pattern", "*.md"), ("path", "docs"));
        var grep = await CallAsync("grep", ("pattern", "inside"), ("path", "docs"));
        var write = await CallAsync("write_file", ("path", "docs/new.md"), ("content", "new\n"));
        var edit = await CallAsync("edit_file", ("path", "docs/a.md"), ("oldString", "inside"), ("newString", "edited"));
        var root = await CallAsync("list_directory", ("path", "."));

        Assert.Equal("     1\tinside docs\n", read.Text);
        Assert.Equal("a.md\t12\n", list.Text);
        Assert.Equal("real/docs/a.md\n", glob.Text);
        Assert.StartsWith("real/docs/a.md:1:inside docs\n", grep.Text, StringComparison.Ordinal);
        Assert.False(write.IsError, write.Text);
        Assert.False(edit.IsError, edit.Text);
        Assert.Equal("new\n", File.ReadAllText(Project("real/docs/new.md")));
        Assert.Equal("edited docs\n", File.ReadAllText(Project("real/docs/a.md")));
        Assert.NotNull(new DirectoryInfo(Project("docs")).LinkTarget);
        Assert.Contains("docs/\n", root.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData(".GIT/config")]
    [InlineData("sub/.git/config")]
    [InlineData("src/../.git/config")]
    [InlineData("memfun.toml")]
    [InlineData("MEMFUN.TOML")]
    public async Task Writes_ToGitAndMemfunToml_AreRefused(string path)
    {
        _project.Directory.WriteFile(".git/config", "[core]\n");
        _project.Directory.WriteFile(".git/hooks/pre-commit", "#!/bin/sh\n");
        _project.Directory.WriteFile("sub/.git/config", "[core]\n");
        _project.Directory.WriteFile("memfun.toml", "[llm]\n");
        var before = Snapshot();

        var write = await CallAsync("write_file", ("path", path), ("content", "[core]\n\tfsmonitor = touch /tmp/pwned\n"));
        var edit = await CallAsync("edit_file", ("path", path), ("oldString", "["), ("newString", "#["));

        AssertRefused(write, MemfunErrorCodes.SecurityDenied);
        AssertRefused(edit, MemfunErrorCodes.SecurityDenied);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Writes_ThroughAnInProjectLinkIntoGit_AreRefused()
    {
        _project.Directory.WriteFile(".git/config", "[core]\n");
        Directory.CreateSymbolicLink(Project("gitdir"), ".git");

        var write = await CallAsync("write_file", ("path", "gitdir/config"), ("content", "[core]\n\tfsmonitor = x\n"));

        AssertRefused(write, MemfunErrorCodes.SecurityDenied);
        Assert.Equal("[core]\n", File.ReadAllText(Project(".git/config")));
    }

    [Fact]
    public async Task Writes_ToAFileThatIsALink_AreRefused_EvenInsideTheProject_NamingTheTarget()
    {
        File.CreateSymbolicLink(Project("alias.cs"), "src/Calculator.cs");
        var before = File.ReadAllText(Project("src/Calculator.cs"));

        var read = await CallAsync("read_file", ("path", "alias.cs"));
        var write = await CallAsync("write_file", ("path", "alias.cs"), ("content", "x"));
        var edit = await CallAsync("edit_file", ("path", "alias.cs"), ("oldString", "Calculator"), ("newString", "X"));

        Assert.False(read.IsError, read.Text);
        AssertRefused(write, MemfunErrorCodes.SecurityDenied);
        AssertRefused(edit, MemfunErrorCodes.SecurityDenied);
        Assert.Contains("'src/Calculator.cs'", write.Text, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Project("src/Calculator.cs")));
        Assert.NotNull(new FileInfo(Project("alias.cs")).LinkTarget);
    }

    [Fact]
    public async Task WriteFile_ThroughADanglingLinkToOutside_DoesNotCreateTheTarget()
    {
        File.CreateSymbolicLink(Project("dangling.txt"), _outside.Combine("created.txt"));

        var result = await CallAsync("write_file", ("path", "dangling.txt"), ("content", "PWNED"));

        AssertRefused(result, MemfunErrorCodes.SecurityPathEscape);
        Assert.False(File.Exists(_outside.Combine("created.txt")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Writes_ReplaceAtomically_KeepPermissions_AndLeaveNoTemporaryFiles()
    {
        _project.Directory.WriteFile("tools/run.sh", "#!/bin/sh\necho old\n");
        File.SetUnixFileMode(Project("tools/run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var edit = await CallAsync("edit_file", ("path", "tools/run.sh"), ("oldString", "old"), ("newString", "new"));

        Assert.False(edit.IsError, edit.Text);
        Assert.Equal("#!/bin/sh\necho new\n", File.ReadAllText(Project("tools/run.sh")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Project("tools/run.sh")));
        Assert.Equal(["run.sh", "util.py"], Directory.GetFiles(Project("tools")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RepoMap_MapsNothingThroughTheChain_AndWritesItsCacheWithoutFollowingPlantedLinks()
    {
        // A cloned repository can carry .memfun/cache/ entries: links where the cache files are written.
        _project.Directory.CreateDirectory(".memfun/cache");
        File.CreateSymbolicLink(Project(".memfun/cache/repomap.bin.tmp"), _outside.Combine("top.txt"));
        File.CreateSymbolicLink(Project(".memfun/cache/repomap.results.bin"), _outside.Combine("inner/secret.txt"));
        using var builder = new RepoMapBuilder(_project.Context());

        var map = await builder.BuildAsync(new RepoMapRequest { TokenBudget = 2000 }, _ct);

        Assert.Equal(4, map.FileCount);
        Assert.DoesNotContain("lnk", map.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("f2", map.Text, StringComparison.Ordinal);
        AssertOutsideUntouched();
        Assert.Null(new FileInfo(Project(".memfun/cache/repomap.results.bin")).LinkTarget);
        Assert.True(File.Exists(Project(".memfun/cache/repomap.bin")));
    }

    [Fact]
    public void ARootReachedThroughALink_IsCanonicalised_AndLinkLoopsAreRefused()
    {
        using var holder = new TempDirectory();
        var alias = holder.Combine("alias");
        Directory.CreateSymbolicLink(alias, _project.Root);
        File.CreateSymbolicLink(Project("loop-a"), "loop-b");
        File.CreateSymbolicLink(Project("loop-b"), "loop-a");
        var paths = new ProjectPaths(Path.Combine(alias, "src", ".."));

        var resolved = paths.Resolve("src/Calculator.cs");
        var loop = Assert.Throws<SecurityException>(() => paths.Resolve("loop-a"));

        Assert.Equal(new ProjectPaths(_project.Root).Root, paths.Root);
        Assert.Equal(Path.Combine(paths.Root, "src", "Calculator.cs"), resolved);
        Assert.Contains("loop", loop.Message, StringComparison.Ordinal);
        Assert.False(paths.Contains(Project("lnk2")));
        Assert.True(paths.Contains(Project("src")));
    }

    private string Project(string relative) => _project.Directory.Combine(relative);

    private async Task<ToolCallResult> CallAsync(string tool, params (string Name, object? Value)[] arguments) =>
        await _tools[tool].InvokeAsync(arguments.ToDictionary(a => a.Name, a => a.Value), _ct);

    private static void AssertRefused(ToolCallResult result, string code)
    {
        Assert.True(result.IsError, result.Text);
        Assert.Equal(code, result.ErrorCode);
        Assert.DoesNotContain("OUTSIDE-", result.Text, StringComparison.Ordinal);
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(OutsideTop, File.ReadAllText(_outside.Combine("top.txt")));
        Assert.Equal(OutsideSecret, File.ReadAllText(_outside.Combine("inner/secret.txt")));
        Assert.Equal(["inner/secret.txt", "top.txt"], Directory.GetFiles(_outside.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_outside.Path, f)).Order(StringComparer.Ordinal));
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_project.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .ToDictionary(f => Path.GetRelativePath(_project.Root, f), File.ReadAllText);
}
