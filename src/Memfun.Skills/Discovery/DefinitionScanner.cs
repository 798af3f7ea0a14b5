using Memfun.Core.Files;

namespace Memfun.Skills.Discovery;

/// <summary>Finds the folders under a root that hold a definition file, without wandering: bounded depth and count, no hidden folders or <c>node_modules</c>.</summary>
internal static class DefinitionScanner
{
    public const int MaxDepth = 4;
    public const int MaxDirectories = 5_000;

    public static List<string> Find(string root, string fileName)
    {
        var found = new List<string>();
        if (!Directory.Exists(root))
        {
            return found;
        }

        var visited = 0;
        // A class, not a tuple: a stack of value tuples is compiled at run time even in a ReadyToRun build (issue 20).
        var pending = new Stack<PendingDirectory>();
        pending.Push(new PendingDirectory(root, 0));
        while (pending.Count > 0 && visited < MaxDirectories)
        {
            var (directory, depth) = pending.Pop();
            visited++;
            var entries = FolderEntries.List(directory);
            if (depth > 0 && HoldsDefinition(entries, fileName))
            {
                found.Add(directory);
                continue;
            }

            if (depth >= MaxDepth)
            {
                continue;
            }

            // Not through links: a linked folder could lead out of the root, or round in a loop.
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry.Path);
                if (entry.Kind == FolderEntryKind.Folder && !name.StartsWith('.') && name != "node_modules")
                {
                    pending.Push(new PendingDirectory(entry.Path, depth + 1));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    // A definition file, or a link in its place, which loading then reports (a link may lead out of the folder). A pipe
    // or device is not one: opening a pipe with no writer would block every listing.
    private static bool HoldsDefinition(List<FolderEntry> entries, string fileName)
    {
        foreach (var entry in entries)
        {
            if (entry.Kind is FolderEntryKind.File or FolderEntryKind.Link && Path.GetFileName(entry.Path.AsSpan()).SequenceEqual(fileName))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record PendingDirectory(string Path, int Depth);
}
