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
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        while (pending.Count > 0 && visited < MaxDirectories)
        {
            var (directory, depth) = pending.Pop();
            visited++;
            if (depth > 0 && File.Exists(Path.Combine(directory, fileName)))
            {
                found.Add(directory);
                continue;
            }

            if (depth >= MaxDepth)
            {
                continue;
            }

            foreach (var child in Directory.EnumerateDirectories(directory, "*", options))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && name != "node_modules")
                {
                    pending.Push(new PendingDirectory(child, depth + 1));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private sealed record PendingDirectory(string Path, int Depth);
}
