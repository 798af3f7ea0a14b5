using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Memfun.Core.Files;

/// <summary>
/// Lists the entries directly in a folder with what each is, links not followed: what the listing commands read
/// (recorded runs, skill and agent folders).
/// </summary>
/// <remarks>
/// On 64-bit Linux the entries are read with <c>readdir(3)</c>, which also gives each one's type: the framework's
/// enumeration (<see cref="Directory.EnumerateFiles(string)"/> and its kin) sets itself up on its first use in a
/// process, about 2.5 ms, more than the rest of a listing command's file work (issue 20); reading the entries directly
/// costs about 0.7 ms. Elsewhere, and for a folder <c>opendir(3)</c> cannot open, the framework lists it (inaccessible
/// entries skipped, and pipes and devices counted as files), so errors are the framework's. Order is the file system's.
/// </remarks>
public static partial class FolderEntries
{
    // struct dirent on 64-bit Linux (glibc and musl): d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), d_name.
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private static readonly EnumerationOptions Accessible = new() { IgnoreInaccessible = true };

    /// <summary>Returns the entries directly in <paramref name="folder"/>, but <c>.</c> and <c>..</c>.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    public static unsafe List<FolderEntry> List(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var handle = OperatingSystem.IsLinux() && Environment.Is64BitProcess ? OpenDir(folder) : 0;
        if (handle == 0)
        {
            var listed = new List<FolderEntry>();
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Accessible))
            {
                listed.Add(new FolderEntry(info.FullName, KindOf(info)));
            }

            return listed;
        }

        var entries = new List<FolderEntry>();
        try
        {
            for (var entry = ReadDir(handle); entry is not null; entry = ReadDir(handle))
            {
                // A name that is not UTF-8 would come back as another name, which opens nothing: it is left out.
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + NameOffset);
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.'] || !Utf8.IsValid(name))
                {
                    continue;
                }

                var path = Path.Join(folder, Encoding.UTF8.GetString(name));
                entries.Add(new FolderEntry(path, entry[TypeOffset] switch
                {
                    4 => FolderEntryKind.Folder, // DT_DIR
                    8 => FolderEntryKind.File, // DT_REG
                    10 => FolderEntryKind.Link, // DT_LNK
                    0 => KindOf(new FileInfo(path)), // DT_UNKNOWN: some file systems leave the type out
                    _ => FolderEntryKind.Other,
                }));
            }
        }
        finally
        {
            _ = CloseDir(handle);
        }

        return entries;
    }

    /// <summary>Returns the full paths of the regular files directly in <paramref name="folder"/>: not links, folders, pipes or devices.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    public static List<string> Files(string folder) => PathsOf(folder, FolderEntryKind.File);

    /// <summary>Returns the full paths of the folders directly in <paramref name="folder"/>, not links to folders.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> does not exist.</exception>
    public static List<string> Folders(string folder) => PathsOf(folder, FolderEntryKind.Folder);

    /// <summary>Tells what an entry is from its own status (a link's, not its target's).</summary>
    /// <remarks>
    /// The framework's status does not tell a pipe or device from a file: it is counted as a file. An entry gone since it
    /// was listed (its attributes are then -1) is counted as other, so nothing reads it.
    /// </remarks>
    internal static FolderEntryKind KindOf(FileSystemInfo info)
    {
        var attributes = info.Attributes;
        return (int)attributes == -1 ? FolderEntryKind.Other
            : (attributes & FileAttributes.ReparsePoint) != 0 || info.LinkTarget is not null ? FolderEntryKind.Link
            : (attributes & FileAttributes.Directory) != 0 ? FolderEntryKind.Folder
            : FolderEntryKind.File;
    }

    private static List<string> PathsOf(string folder, FolderEntryKind kind)
    {
        var paths = new List<string>();
        foreach (var entry in List(folder))
        {
            if (entry.Kind == kind)
            {
                paths.Add(entry.Path);
            }
        }

        return paths;
    }

    [LibraryImport("libc", EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint OpenDir(string path);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static unsafe partial byte* ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(nint directory);
}
