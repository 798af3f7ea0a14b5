using Memfun.Core.Errors;
using Memfun.Tools.Files;
using Memfun.Tools.Mcp;

namespace Memfun.Tools.Tests;

public sealed class FileToolsTests : IDisposable
{
    private readonly SampleProject _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task ReadFile_ReturnsNumberedLines_AndHonoursTheRange()
    {
        var tools = new FileTools(_project.Context());

        var all = await tools.ReadFileAsync("src/Calculator.cs", cancellationToken: _ct);
        var range = await tools.ReadFileAsync("src/Calculator.cs", offset: 3, limit: 2, cancellationToken: _ct);

        Assert.StartsWith("     1\tnamespace Demo;\n", all, StringComparison.Ordinal);
        Assert.Equal("     3\tpublic class Calculator\n     4\t{\n[more lines follow; read on with offset=5]\n", range);
    }

    [Fact]
    public async Task ReadFile_HugeFile_IsCutAtTheByteLimitWithAHowToContinueNote()
    {
        _project.Directory.WriteFile("big.txt", string.Join('\n', Enumerable.Range(1, 200_000).Select(i => $"line {i} with some padding text")));
        var tools = new FileTools(_project.Context() with { MaxReadBytes = 10_000 });

        var text = await tools.ReadFileAsync("big.txt", limit: 100_000, cancellationToken: _ct);

        Assert.True(text.Length < 12_000);
        Assert.Matches(@"\[more lines follow; read on with offset=\d+\]\n$", text);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("src/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("~/secrets")]
    public async Task Paths_OutsideTheRoot_AreRefusedWithPathEscape(string path)
    {
        var tools = new FileTools(_project.Context(allowWrites: true));

        var read = await Assert.ThrowsAsync<SecurityException>(() => tools.ReadFileAsync(path, cancellationToken: _ct));
        var write = await Assert.ThrowsAsync<SecurityException>(() => tools.WriteFileAsync(path, "x", _ct));

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, read.ErrorCode);
        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, write.ErrorCode);
    }

    [Fact]
    public async Task Symlinks_PointingOutside_AreRefused_ButInsideLinksWork()
    {
        using var outside = new Memfun.Testing.TempDirectory();
        outside.WriteFile("secret.txt", "top secret");
        File.CreateSymbolicLink(_project.Directory.Combine("leak.txt"), outside.Combine("secret.txt"));
        Directory.CreateSymbolicLink(_project.Directory.Combine("leakdir"), outside.Path);
        File.CreateSymbolicLink(_project.Directory.Combine("alias.cs"), _project.Directory.Combine("src/Calculator.cs"));
        var tools = new FileTools(_project.Context(allowWrites: true));

        var file = await Assert.ThrowsAsync<SecurityException>(() => tools.ReadFileAsync("leak.txt", cancellationToken: _ct));
        var throughDirectory = await Assert.ThrowsAsync<SecurityException>(() => tools.WriteFileAsync("leakdir/new.txt", "x", _ct));
        var inside = await tools.ReadFileAsync("alias.cs", cancellationToken: _ct);

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, file.ErrorCode);
        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, throughDirectory.ErrorCode);
        Assert.False(File.Exists(outside.Combine("new.txt")));
        Assert.Contains("public class Calculator", inside, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFile_AbsentAndBinaryFiles_AreClearToolErrors()
    {
        await File.WriteAllBytesAsync(_project.Directory.Combine("image.bin"), [0x89, 0x50, 0x00, 0x01, 0x02], _ct);
        var tools = new FileTools(_project.Context());

        var absent = await Assert.ThrowsAsync<ToolException>(() => tools.ReadFileAsync("nope.cs", cancellationToken: _ct));
        var binary = await Assert.ThrowsAsync<ToolException>(() => tools.ReadFileAsync("image.bin", cancellationToken: _ct));

        Assert.Contains("does not exist", absent.Message, StringComparison.Ordinal);
        Assert.Contains("binary file", binary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListDirectory_ShowsFoldersFirstThenFilesWithSizes()
    {
        var tools = new FileTools(_project.Context());

        var listing = tools.ListDirectory(".");

        Assert.Equal("src/\ntools/\nREADME.md\t22\n", listing);
    }

    [Theory]
    [InlineData("**/*.cs", "src/Calculator.cs\nsrc/Program.cs\nsrc/Report.cs\n")]
    [InlineData("*.py", "tools/util.py\n")]
    [InlineData("src/{Calc*,Rep*}.cs", "src/Calculator.cs\nsrc/Report.cs\n")]
    [InlineData("*.rs", "[no files match]\n")]
    public void Glob_MatchesRelativePaths(string pattern, string expected)
    {
        var tools = new FileTools(_project.Context());

        Assert.Equal(expected, tools.Glob(pattern));
    }

    [Fact]
    public async Task WriteAndEdit_ChangeFiles_WhenWritesAreAllowed()
    {
        var tools = new FileTools(_project.Context(allowWrites: true));

        await tools.WriteFileAsync("src/New.cs", "class New { int A; int B; }\n", _ct);
        var edited = await tools.EditFileAsync("src/New.cs", "int A;", "long A;", cancellationToken: _ct);

        Assert.Equal("Edited src/New.cs: 1 replacement.", edited);
        Assert.Equal("class New { long A; int B; }\n", await File.ReadAllTextAsync(_project.Directory.Combine("src/New.cs"), _ct));
    }

    [Fact]
    public async Task Edit_RequiresAUniqueMatch_UnlessReplaceAll()
    {
        var tools = new FileTools(_project.Context(allowWrites: true));

        var ambiguous = await Assert.ThrowsAsync<ToolException>(() => tools.EditFileAsync("src/Calculator.cs", "int a, int b", "long a, long b", cancellationToken: _ct));
        var missing = await Assert.ThrowsAsync<ToolException>(() => tools.EditFileAsync("src/Calculator.cs", "Divide", "X", cancellationToken: _ct));
        var all = await tools.EditFileAsync("src/Calculator.cs", "int a, int b", "long a, long b", replaceAll: true, cancellationToken: _ct);

        Assert.Contains("occurs 2 times", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("was not found", missing.Message, StringComparison.Ordinal);
        Assert.Equal("Edited src/Calculator.cs: 2 replacements.", all);
    }

    [Fact]
    public async Task Writes_WithoutPermission_NeedApproval()
    {
        var write = new BuiltInToolProvider().GetTools(_project.Context(allowWrites: false)).Single(t => t.Name == "write_file");

        var result = await write.InvokeAsync(new Dictionary<string, object?> { ["path"] = "x.txt", ["content"] = "x" }, _ct);

        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, result.ErrorCode);
        Assert.False(File.Exists(_project.Directory.Combine("x.txt")));
    }
}
