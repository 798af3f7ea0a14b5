using Memfun.Core.Errors;
using Memfun.Core.Processes;

namespace Memfun.Agent.Coding;

/// <summary>The project's files as the agent sees them: listed the way git does, and every path confined to the root.</summary>
public static class ProjectFiles
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", ".memfun", "bin", "obj", "node_modules", "artifacts", ".venv", "__pycache__" };

    /// <summary>Lists the project's files, relative to <paramref name="root"/> with '/' separators: git's tracked and untracked-but-not-ignored files, or a walk that skips build and VCS folders outside git.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(string root, CancellationToken cancellationToken = default)
    {
        var git = await ProcessRunner.TryRunAsync("git", ["ls-files", "-co", "--exclude-standard"], root, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (git is { Succeeded: true })
        {
            return [.. git.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
        }

        var files = new List<string>();
        Walk(root, root, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Returns the absolute path of <paramref name="relativePath"/> inside <paramref name="root"/>.</summary>
    /// <exception cref="SecurityException">The path, or a symbolic link on it, leads outside the root.</exception>
    public static string Resolve(string root, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relativePath);
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(Path.Combine(fullRoot, relativePath));
        if (!IsInside(fullRoot, full))
        {
            throw Escape(relativePath);
        }

        // Check every existing component for a link that points elsewhere.
        var current = fullRoot;
        foreach (var part in Path.GetRelativePath(fullRoot, full).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target && !IsInside(fullRoot, Path.GetFullPath(target.FullName)))
            {
                throw Escape(relativePath);
            }
        }

        return full;
    }

    private static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static SecurityException Escape(string path) =>
        new(MemfunErrorCodes.SecurityPathEscape, $"'{path}' is outside the project; only paths inside the project root can be used.");

    private static void Walk(string root, string directory, List<string> files)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo child)
            {
                if (!SkippedDirectories.Contains(child.Name))
                {
                    Walk(root, child.FullName, files);
                }
            }
            else
            {
                files.Add(Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
    }
}
