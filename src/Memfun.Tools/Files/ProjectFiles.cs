using Memfun.Core.Files;
using Memfun.Core.Processes;

namespace Memfun.Tools.Files;

/// <summary>The project's files as the agent sees them: listed the way git does.</summary>
public static class ProjectFiles
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", ".memfun", "bin", "obj", "node_modules", "artifacts", ".venv", "__pycache__" };

    /// <summary>Lists the project's files, relative to <paramref name="root"/> with '/' separators: git's tracked and untracked-but-not-ignored files, or a walk that skips build and VCS folders outside git.</summary>
    /// <remarks>Symbolic links that lead outside the project are never listed; the walk does not follow links at all.</remarks>
    public static async Task<IReadOnlyList<string>> ListAsync(string root, CancellationToken cancellationToken = default)
    {
        var git = await ProcessRunner.TryRunAsync("git", ["ls-files", "-co", "--exclude-standard"], root, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (git is { Succeeded: true })
        {
            // git lists a symbolic link as a file (never what lies beyond it): keep only those the confinement rule lets be read.
            var paths = new ProjectPaths(root);
            return [.. git.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(f => paths.Contains(Path.Combine(paths.Root, f)))
                .Order(StringComparer.Ordinal)];
        }

        var files = new List<string>();
        Walk(root, root, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

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
