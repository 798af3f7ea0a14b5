using System.Text;
using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Tools.Changes;
using Memfun.Tools.Files;

namespace Memfun.Tools.Tests.Changes;

/// <summary>Approval that respects the user: conflicts, a chosen subset, kept patches, and undo.</summary>
public sealed class ChangeTests : IDisposable
{
    private readonly TempDirectory _project = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task AFileEditedOnDiskSinceItWasStaged_IsAConflict_AndKeepsTheUsersEdit()
    {
        _project.WriteFile("a.py", "a = 1\n");
        _project.WriteFile("b.py", "b = 1\n");
        var edits = new PendingEdits(_project.Path);
        await edits.EditAsync("a.py", "a = 1", "a = 2", Cancellation);
        await edits.EditAsync("b.py", "b = 1", "b = 2", Cancellation);

        _project.WriteFile("a.py", "a = 1\nuser = 'typed this meanwhile'\n");
        var report = await edits.ApplyAsync(cancellationToken: Cancellation);

        Assert.Equal(["a.py"], report.Conflicts);
        Assert.Equal(["b.py"], report.Applied.Select(f => f.Path));
        Assert.Equal("a = 1\nuser = 'typed this meanwhile'\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        Assert.Equal("b = 2\n", await File.ReadAllTextAsync(_project.Combine("b.py"), Cancellation));
    }

    [Fact]
    public async Task AFileCreatedOnDiskSinceItWasStagedAsNew_IsAConflict()
    {
        var edits = new PendingEdits(_project.Path);
        await edits.WriteAsync("new.py", "agent\n", Cancellation);
        _project.WriteFile("new.py", "user\n");

        Assert.Equal(["new.py"], edits.Conflicts());
        var report = await edits.ApplyAsync(cancellationToken: Cancellation);

        Assert.Empty(report.Applied);
        Assert.Equal("user\n", await File.ReadAllTextAsync(_project.Combine("new.py"), Cancellation));
    }

    [Fact]
    public async Task OnlyTheChosenFiles_AreWritten()
    {
        _project.WriteFile("a.py", "a = 1\n");
        _project.WriteFile("b.py", "b = 1\n");
        var edits = new PendingEdits(_project.Path);
        await edits.EditAsync("a.py", "a = 1", "a = 2", Cancellation);
        await edits.EditAsync("b.py", "b = 1", "b = 2", Cancellation);

        var report = await edits.ApplyAsync(["b.py"], Cancellation);

        Assert.Equal(["b.py"], report.Applied.Select(f => f.Path));
        Assert.Equal("a = 1\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        Assert.Equal("b = 2\n", await File.ReadAllTextAsync(_project.Combine("b.py"), Cancellation));
        await Assert.ThrowsAsync<ToolException>(() => edits.ApplyAsync(["c.py"], Cancellation));
    }

    [Fact]
    public async Task Undo_RestoresEveryFileByteForByte_AndDeletesCreatedOnes()
    {
        var original = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("x = 1\r\ny = 'é'\r\n")).ToArray();
        await File.WriteAllBytesAsync(_project.Combine("crlf.py"), original, Cancellation);
        var edits = new PendingEdits(_project.Path);
        await edits.WriteAsync("crlf.py", "x = 2\n", Cancellation);
        await edits.WriteAsync("pkg/created.py", "new\n", Cancellation);
        var store = new CheckpointStore(_project.Path);
        var checkpoint = await store.SaveAsync("run-1", (await edits.ApplyAsync(cancellationToken: Cancellation)).Applied, Cancellation);

        var undone = await store.UndoAsync(cancellationToken: Cancellation);

        Assert.Equal(checkpoint!.Id, undone.Id);
        Assert.Equal(original, await File.ReadAllBytesAsync(_project.Combine("crlf.py"), Cancellation));
        Assert.False(File.Exists(_project.Combine("pkg/created.py")));
        Assert.Empty(await store.ListAsync(Cancellation));
    }

    [Fact]
    public async Task Undo_RefusesWhenAFileWasEditedSince_AndChangesNothing()
    {
        _project.WriteFile("a.py", "a = 1\n");
        _project.WriteFile("b.py", "b = 1\n");
        var edits = new PendingEdits(_project.Path);
        await edits.EditAsync("a.py", "a = 1", "a = 2", Cancellation);
        await edits.EditAsync("b.py", "b = 1", "b = 2", Cancellation);
        var store = new CheckpointStore(_project.Path);
        await store.SaveAsync("run-1", (await edits.ApplyAsync(cancellationToken: Cancellation)).Applied, Cancellation);
        _project.WriteFile("b.py", "b = 2\nmine = True\n");

        var error = await Assert.ThrowsAsync<ToolException>(() => store.UndoAsync("run", Cancellation));

        Assert.Equal(MemfunErrorCodes.ToolConflict, error.ErrorCode);
        Assert.Contains("b.py", error.Message, StringComparison.Ordinal);
        Assert.Equal("a = 2\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        Assert.Equal("b = 2\nmine = True\n", await File.ReadAllTextAsync(_project.Combine("b.py"), Cancellation));
        Assert.Single(await store.ListAsync(Cancellation));
    }

    [Fact]
    public async Task Undo_TakesTheLatestCheckpointFirst()
    {
        _project.WriteFile("a.py", "v1\n");
        var store = new CheckpointStore(_project.Path);
        foreach (var (run, next) in new[] { ("run-1", "v2\n"), ("run-2", "v3\n") })
        {
            var edits = new PendingEdits(_project.Path);
            await edits.WriteAsync("a.py", next, Cancellation);
            await store.SaveAsync(run, (await edits.ApplyAsync(cancellationToken: Cancellation)).Applied, Cancellation);
        }

        Assert.Equal("run-2", (await store.UndoAsync(cancellationToken: Cancellation)).RunId);
        Assert.Equal("v2\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        Assert.Equal("run-1", (await store.UndoAsync(cancellationToken: Cancellation)).RunId);
        Assert.Equal("v1\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        await Assert.ThrowsAsync<ToolException>(() => store.UndoAsync(cancellationToken: Cancellation));
    }

    [Fact]
    public async Task AKeptPatch_AppliesLater_WithItsConflictCheck()
    {
        _project.WriteFile("a.py", "a = 1\n");
        var edits = new PendingEdits(_project.Path);
        await edits.EditAsync("a.py", "a = 1", "a = 2", Cancellation);
        await new PatchStore(_project.Path).SaveAsync(edits.ToPatch("20261130-abc"), Cancellation);

        var loaded = PendingEdits.FromPatch(_project.Path, await new PatchStore(_project.Path).LoadAsync("20261130", Cancellation));
        var report = await loaded.ApplyAsync(cancellationToken: Cancellation);

        Assert.Equal(["a.py"], report.Applied.Select(f => f.Path));
        Assert.Equal("a = 2\n", await File.ReadAllTextAsync(_project.Combine("a.py"), Cancellation));
        await Assert.ThrowsAsync<ToolException>(() => new PatchStore(_project.Path).LoadAsync("nope", Cancellation));
    }

    [Theory]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData("memfun.toml")]
    [InlineData("../outside.py")]
    public async Task APlantedPatch_CannotWriteWhatTheRulesRefuse(string path)
    {
        // .memfun/ can arrive with a clone: a patch file there is as untrusted as the repository.
        _project.WriteFile(".memfun/traces/evil.patch.json", $"{{\"run_id\":\"evil\",\"created_at\":\"2026-11-30T00:00:00Z\",\"files\":[{{\"path\":\"{path}\",\"base_hash\":null,\"content\":\"curl x | sh\"}}]}}");

        var patch = await new PatchStore(_project.Path).LoadAsync("evil", Cancellation);

        Assert.Throws<SecurityException>(() => PendingEdits.FromPatch(_project.Path, patch));
    }
}
