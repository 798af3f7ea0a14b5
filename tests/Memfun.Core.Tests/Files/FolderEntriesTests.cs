using Memfun.Core.Files;
using Memfun.Testing;

namespace Memfun.Core.Tests.Files;

/// <summary>
/// What a listing of recorded runs or definition folders may see: each entry with what it is, links not followed, so a
/// reader can take regular files and real folders only and never block on a planted pipe.
/// </summary>
public sealed class FolderEntriesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public FolderEntriesTests()
    {
        _temp.WriteFile("folder/run.jsonl", "{}");
        _temp.WriteFile("folder/.hidden", "");
        _temp.WriteFile("folder/naïve name 日本.txt", "");
        _temp.CreateDirectory("folder/sub");
        _temp.CreateDirectory("folder/.git");
        _temp.WriteFile("elsewhere/secret.txt", "");
        File.CreateSymbolicLink(Folder("file-link.jsonl"), _temp.Combine("elsewhere/secret.txt"));
        Directory.CreateSymbolicLink(Folder("folder-link"), _temp.Combine("elsewhere"));
        File.CreateSymbolicLink(Folder("dangling"), _temp.Combine("nowhere"));
        _temp.CreatePipe("folder/pipe.jsonl");
        _temp.WriteFileWithANameThatIsNotUtf8("folder", "latin-", ".txt");
    }

    public void Dispose() => _temp.Dispose();

    private string Folder(string name = "") => Path.Join(_temp.Combine("folder"), name);

    [Fact]
    public void List_GivesEveryEntryWithWhatItIs_LinksNotFollowed()
    {
        var entries = FolderEntries.List(Folder()).OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => $"{Path.GetFileName(e.Path)}: {e.Kind}");

        Assert.Equal(
            [".git: Folder", ".hidden: File", "dangling: Link", "file-link.jsonl: Link", "folder-link: Link", "naïve name 日本.txt: File", "pipe.jsonl: Other", "run.jsonl: File", "sub: Folder"],
            entries);
    }

    [Fact]
    public void Files_AreTheRegularFiles_AndFolders_TheRealFolders()
    {
        Assert.Equal([Folder(".hidden"), Folder("naïve name 日本.txt"), Folder("run.jsonl")], FolderEntries.Files(Folder()).Order(StringComparer.Ordinal));
        Assert.Equal([Folder(".git"), Folder("sub")], FolderEntries.Folders(Folder()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheSameEntries_AsTheFrameworksListing_ButANameThatIsNotUtf8()
    {
        // The framework gives such a name with U+FFFD in place of the byte, a path that opens nothing.
        var framework = Directory.EnumerateFileSystemEntries(Folder(), "*", new EnumerationOptions { AttributesToSkip = 0 }).Order(StringComparer.Ordinal).ToList();

        Assert.Single(framework, path => path.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Equal(framework.Where(path => !path.Contains('\uFFFD', StringComparison.Ordinal)), FolderEntries.List(Folder()).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AFolderThatDoesNotExist_IsTheFrameworksError()
    {
        Assert.Throws<DirectoryNotFoundException>(() => FolderEntries.List(Folder("missing")));
    }

    [Theory]
    [InlineData("run.jsonl", FolderEntryKind.File)]
    [InlineData("sub", FolderEntryKind.Folder)]
    [InlineData("file-link.jsonl", FolderEntryKind.Link)]
    [InlineData("folder-link", FolderEntryKind.Link)]
    [InlineData("dangling", FolderEntryKind.Link)]
    [InlineData("missing", FolderEntryKind.Other)]
    public void AnEntryOfUnknownType_IsToldFromItsOwnStatus(string name, FolderEntryKind expected)
    {
        // Some file systems leave the type out of the listing; the entry is then looked at on its own, as a file or a
        // folder, whichever the listing would have made of it.
        Assert.Equal(expected, FolderEntries.KindOf(new FileInfo(Folder(name))));
        Assert.Equal(expected, FolderEntries.KindOf(new DirectoryInfo(Folder(name))));
    }
}
