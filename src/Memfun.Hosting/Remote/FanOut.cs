namespace Memfun.Hosting.Remote;

/// <summary>Splits a repository into shares of about equal size for <c>analyze --fan-out</c>: whole folders where it can, by file count.</summary>
public static class FanOut
{
    /// <summary>Splits <paramref name="files"/> (project-relative, '/'-separated, all under <paramref name="root"/>) into at most <paramref name="parts"/> shares.</summary>
    /// <param name="files">The files to cover.</param>
    /// <param name="parts">How many shares at most.</param>
    /// <param name="root">The folder being split ("" for the repository).</param>
    /// <returns>Each share's folders and files, relative to the repository root; every file is in exactly one share.</returns>
    /// <remarks>
    /// The units are the entries directly under the root; while there are fewer units than parts, the largest folder is
    /// opened into its own entries. Units go, largest first, to the share with the fewest files so far.
    /// </remarks>
    public static IReadOnlyList<IReadOnlyList<string>> Split(IReadOnlyList<string> files, int parts, string root = "")
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var units = Children(files, root);
        while (units.Count < parts && units.Where(u => u.IsFolder && u.Count > 1).MaxBy(u => u.Count) is { } largest)
        {
            units.Remove(largest);
            units.AddRange(Children([.. files.Where(f => f.StartsWith(largest.Path + "/", StringComparison.Ordinal))], largest.Path));
        }

        var shares = Enumerable.Range(0, Math.Min(parts, units.Count)).Select(_ => (Paths: new List<string>(), Count: 0)).ToList();
        foreach (var unit in units.OrderByDescending(u => u.Count).ThenBy(u => u.Path, StringComparer.Ordinal))
        {
            var smallest = shares.IndexOf(shares.MinBy(s => s.Count));
            shares[smallest] = (shares[smallest].Paths, shares[smallest].Count + unit.Count);
            shares[smallest].Paths.Add(unit.Path);
        }

        return [.. shares.Select(s => (IReadOnlyList<string>)[.. s.Paths.Order(StringComparer.Ordinal)])];
    }

    private static List<Unit> Children(IReadOnlyList<string> files, string root)
    {
        var prefix = root.Length == 0 ? "" : root + "/";
        return [.. files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(f => f[prefix.Length..].Split('/') is { Length: > 1 } segments ? prefix + segments[0] : f, StringComparer.Ordinal)
            .Select(g => new Unit(g.Key, g.Count(), IsFolder: g.Key != g.First()))];
    }

    private sealed record Unit(string Path, int Count, bool IsFolder);
}
