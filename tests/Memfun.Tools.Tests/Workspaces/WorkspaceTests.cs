using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Tools.Files;
using Memfun.Tools.Workspaces;

namespace Memfun.Tools.Tests.Workspaces;

public sealed class WorkspaceTests : IDisposable
{
    private readonly SampleProject _project = new();
    private readonly TempDirectory _outside = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _project.Dispose();
        _outside.Dispose();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Copy_HoldsTheWorkingTree_WithUncommittedChanges_WithoutIgnoredFilesOrGit()
    {
        await _project.InitGitAsync();
        _project.Directory.WriteFile(".gitignore", "build/\n");
        _project.Directory.WriteFile("build/out.bin", "artifact");
        _project.Directory.WriteFile("src/Calculator.cs", "// uncommitted edit\n");
        _project.Directory.WriteFile("notes/new.txt", "untracked\n");
        _project.Directory.WriteFile(".memfun/traces/x.jsonl", "private");

        using var workspace = await Workspace.CreateAsync(_project.Root, Cancellation);

        Assert.NotEqual(_project.Root, workspace.Root);
        Assert.Equal("700", Convert.ToString((int)File.GetUnixFileMode(workspace.Root), 8));
        Assert.Equal("// uncommitted edit\n", await File.ReadAllTextAsync(Path.Combine(workspace.Root, "src/Calculator.cs"), Cancellation));
        Assert.Equal("untracked\n", await File.ReadAllTextAsync(Path.Combine(workspace.Root, "notes/new.txt"), Cancellation));
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "build")));
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, ".git")));
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, ".memfun")));
        Assert.Equal(7, workspace.FileCount);
    }

    [Fact]
    public async Task Links_AreCopiedAsTheirFilesInside_AndLeftOutWhenTheyLeadOutside()
    {
        _outside.WriteFile("secret.txt", "secret");
        File.CreateSymbolicLink(_project.Directory.Combine("escape.txt"), _outside.Combine("secret.txt"));
        File.CreateSymbolicLink(_project.Directory.Combine("escape-dir"), _outside.Path);
        File.CreateSymbolicLink(_project.Directory.Combine("readme-link.md"), _project.Directory.Combine("README.md"));
        await _project.InitGitAsync();

        using var workspace = await Workspace.CreateAsync(_project.Root, Cancellation);

        Assert.False(File.Exists(Path.Combine(workspace.Root, "escape.txt")));
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "escape-dir")));
        var copied = new FileInfo(Path.Combine(workspace.Root, "readme-link.md"));
        Assert.Null(copied.LinkTarget);
        Assert.Equal("# Demo\n\nA calculator.\n", await File.ReadAllTextAsync(copied.FullName, Cancellation));
    }

    [Fact]
    public async Task ADeferredWorkspace_CopiesOnlyWhenFirstWritten()
    {
        using var workspace = Workspace.Deferred(_project.Root);

        Assert.False(workspace.IsPrepared);
        Assert.Throws<InvalidOperationException>(() => workspace.Root);

        await new PendingEdits(_project.Root, workspace).WriteAsync("tools/new.py", "x = 1\n", Cancellation);

        Assert.True(workspace.IsPrepared);
        Assert.True(File.Exists(Path.Combine(workspace.Root, "README.md")));
        Assert.Equal("x = 1\n", await File.ReadAllTextAsync(Path.Combine(workspace.Root, "tools/new.py"), Cancellation));
    }

    [Fact]
    public async Task Dispose_DeletesTheCopy()
    {
        var workspace = await Workspace.CreateAsync(_project.Root, Cancellation);
        var root = workspace.Root;

        workspace.Dispose();

        Assert.False(Directory.Exists(root));
        Assert.True(File.Exists(_project.Directory.Combine("README.md")));
    }

    [Fact]
    public async Task StagedEdits_AreMirroredIntoTheWorkspace_NotTheProject()
    {
        using var workspace = await Workspace.CreateAsync(_project.Root, Cancellation);
        var edits = new PendingEdits(_project.Root, workspace);

        await edits.EditAsync("tools/util.py", "value * 2", "value * 3", Cancellation);
        await edits.WriteAsync("tools/new.py", "x = 1\n", Cancellation);

        Assert.Contains("value * 3", await File.ReadAllTextAsync(Path.Combine(workspace.Root, "tools/util.py"), Cancellation), StringComparison.Ordinal);
        Assert.Equal("x = 1\n", await File.ReadAllTextAsync(Path.Combine(workspace.Root, "tools/new.py"), Cancellation));
        Assert.Contains("value * 2", await File.ReadAllTextAsync(_project.Directory.Combine("tools/util.py"), Cancellation), StringComparison.Ordinal);
        Assert.False(File.Exists(_project.Directory.Combine("tools/new.py")));
    }

    [Fact]
    public async Task ALinkPlantedInTheWorkspace_IsNeverWrittenThrough()
    {
        // A command in the sandbox can change the workspace: it must not turn the host's mirror write into a write outside.
        _outside.WriteFile("target.txt", "untouched");
        using var workspace = await Workspace.CreateAsync(_project.Root, Cancellation);
        File.Delete(Path.Combine(workspace.Root, "tools/util.py"));
        File.CreateSymbolicLink(Path.Combine(workspace.Root, "tools/util.py"), _outside.Combine("target.txt"));
        Directory.Delete(Path.Combine(workspace.Root, "src"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(workspace.Root, "src"), _outside.Path);
        var edits = new PendingEdits(_project.Root, workspace);

        await Assert.ThrowsAsync<SecurityException>(() => edits.EditAsync("tools/util.py", "value * 2", "PWNED", Cancellation));
        await Assert.ThrowsAsync<SecurityException>(() => edits.WriteAsync("src/target.txt", "PWNED", Cancellation));

        Assert.Equal("untouched", await File.ReadAllTextAsync(_outside.Combine("target.txt"), Cancellation));
    }
}
