using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Testing;

namespace Memfun.Core.Tests.Files;

/// <summary>
/// The attack: a repository ships <c>.memfun/</c> with links in it, so that memfun's own writes (logs, traces, the
/// database, chat history, memory) land outside the project. No link on the way is followed.
/// </summary>
public sealed class StateFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Project => _temp.Combine("project");

    private string Outside => _temp.CreateDirectory("outside");

    [Fact]
    public void TheStateFolderItself_AsALinkElsewhere_IsRefused_NamingIt()
    {
        Directory.CreateDirectory(Project);
        Directory.CreateSymbolicLink(Path.Combine(Project, ".memfun"), Outside);

        var error = Assert.Throws<SecurityException>(() => StateFiles.ThrowIfLinked(Project, Path.Combine(Project, ".memfun/traces")));

        Assert.Equal(MemfunErrorCodes.SecurityDenied, error.ErrorCode);
        Assert.StartsWith(".memfun is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.False(StateFiles.IsLinkFree(Project, Path.Combine(Project, ".memfun/logs")));
    }

    [Fact]
    public void ALinkedFolderOrFileInside_IsRefused_EvenWhenItPointsInsideTheProject()
    {
        _temp.CreateDirectory("project/.memfun");
        _temp.CreateDirectory("project/src");
        Directory.CreateSymbolicLink(Path.Combine(Project, ".memfun/logs"), Path.Combine(Project, "src"));
        File.CreateSymbolicLink(Path.Combine(Project, ".memfun/chat_history"), Path.Combine(Outside, "history"));

        Assert.Contains(".memfun/logs is a symbolic link", Assert.Throws<SecurityException>(() => StateFiles.ThrowIfLinked(Project, Path.Combine(Project, ".memfun/logs/memfun.log"))).Message, StringComparison.Ordinal);
        Assert.Contains(".memfun/chat_history is a symbolic link", Assert.Throws<SecurityException>(() => StateFiles.ThrowIfLinked(Project, Path.Combine(Project, ".memfun/chat_history"))).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Outside, "history")));
    }

    [Fact]
    public void RealFoldersAndFilesNotMadeYet_AreFine()
    {
        _temp.WriteFile("project/.memfun/memfun.db", "");

        Assert.Equal(Path.Combine(Project, ".memfun/memfun.db"), StateFiles.ThrowIfLinked(Project, ".memfun/memfun.db"));
        Assert.Equal(Path.Combine(Project, ".memfun/traces/run.jsonl"), StateFiles.ThrowIfLinked(Project, Path.Combine(Project, ".memfun/traces/run.jsonl")));
        Assert.True(StateFiles.IsLinkFree(Project, Path.Combine(Project, "new/deeper/file")));
    }

    [Fact]
    public void APathOutsideTheProject_IsTheUsersChoice_AndNotChecked()
    {
        var elsewhere = Path.Combine(Outside, "linked");
        Directory.CreateSymbolicLink(elsewhere, _temp.CreateDirectory("real"));
        Directory.CreateDirectory(Project);

        Assert.Equal(Path.Combine(elsewhere, "memfun.db"), StateFiles.ThrowIfLinked(Project, Path.Combine(elsewhere, "memfun.db")));
    }

    [Fact]
    public void OpenAppend_ThroughAPlantedLink_WritesNothing_AndWithoutOne_Appends()
    {
        var target = _temp.WriteFile("outside/.bashrc", "original\n");
        _temp.CreateDirectory("project/.memfun");
        File.CreateSymbolicLink(Path.Combine(Project, ".memfun/MEMORY.md"), target);

        Assert.Throws<SecurityException>(() => StateFiles.OpenAppend(Project, Path.Combine(Project, ".memfun/MEMORY.md")).Dispose());
        using (var real = StateFiles.OpenAppend(Project, Path.Combine(Project, ".memfun/new/notes.md")))
        {
            real.Write("note\n"u8);
        }

        Assert.Equal("original\n", File.ReadAllText(target));
        Assert.Equal("note\n", File.ReadAllText(Path.Combine(Project, ".memfun/new/notes.md")));
    }
}
