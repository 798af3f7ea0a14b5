using Memfun.Testing;
using Memfun.Tools.Files;

namespace Memfun.Tools.Tests.Files;

/// <summary>One tool model: the same file tools write to disk for MCP clients and stage into an agent run's overlay.</summary>
public sealed class OverlayTests : IDisposable
{
    private readonly TempDirectory _project = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task WriteAndEdit_WithAnOverlay_StageWhileReadsSeeTheStagedText_AndTheDiskIsUntouched()
    {
        _project.WriteFile("a.py", "x = 1\n");
        var edits = new PendingEdits(_project.Path);
        var tools = new FileTools(new ToolContext { ProjectRoot = _project.Path, Edits = edits });

        await tools.EditFileAsync("a.py", "x = 1", "x = 2", cancellationToken: Cancellation);
        await tools.WriteFileAsync("b.py", "y = 3\n", Cancellation);

        Assert.Equal("x = 1\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        Assert.False(File.Exists(_project.Combine("b.py")));
        Assert.Equal("     1\tx = 2\n", await tools.ReadFileAsync("a.py", cancellationToken: Cancellation));
        Assert.Equal("y = 3\n", await tools.ReadTextAsync("b.py", Cancellation));
        Assert.Equal(["a.py", "b.py"], edits.Paths);
    }

    [Fact]
    public async Task WriteAndEdit_WithoutAnOverlay_WriteTheDisk()
    {
        _project.WriteFile("a.py", "x = 1\n");
        var tools = new FileTools(new ToolContext { ProjectRoot = _project.Path, AllowWrites = true });

        await tools.EditFileAsync("a.py", "x = 1", "x = 2", cancellationToken: Cancellation);

        Assert.Equal("x = 2\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
    }
}
