using Memfun.Core.Errors;

namespace Memfun.Core.Files;

/// <summary>
/// The files memfun writes for itself in a project (<c>.memfun/</c>: logs, traces, the database, chat history, memory):
/// reached only through real folders, never through a symbolic link.
/// </summary>
/// <remarks>
/// Security: a repository can ship a <c>.memfun/</c> folder of its own. A link in it (<c>.memfun/logs/memfun-DATE.log</c>
/// to <c>~/.bashrc</c>, <c>.memfun/traces</c> to a published folder, <c>.memfun</c> itself to anywhere) would turn
/// memfun's appends and writes into writes outside the project. Memfun never creates links there, so any link on the
/// way from the project root to such a file was planted.
/// </remarks>
public static class StateFiles
{
    /// <summary>Checks that nothing on the way from <paramref name="projectRoot"/> to <paramref name="path"/> is a symbolic link.</summary>
    /// <param name="projectRoot">The project root (reached however the user reached it).</param>
    /// <param name="path">A file or folder memfun writes; it need not exist yet. One outside the project is not checked.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="SecurityException">A folder on the way, or the path itself, is a link.</exception>
    public static string ThrowIfLinked(string projectRoot, string path) =>
        FindLink(projectRoot, path, out var full) is { } link
            ? throw new SecurityException(MemfunErrorCodes.SecurityDenied,
                $"{link} is a symbolic link, so memfun does not write its own files through it: they would land outside the project.")
            {
                Hint = "Memfun never makes links in its state folder, so this one came with the project: delete it (memfun recreates what it needs).",
            }
            : full;

    /// <summary>Returns whether nothing on the way from <paramref name="projectRoot"/> to <paramref name="path"/> is a symbolic link.</summary>
    public static bool IsLinkFree(string projectRoot, string path) => FindLink(projectRoot, path, out _) is null;

    /// <summary>Opens <paramref name="path"/> for appending (created with its folders when missing), after <see cref="ThrowIfLinked"/>.</summary>
    /// <exception cref="SecurityException">See <see cref="ThrowIfLinked"/>.</exception>
    public static FileStream OpenAppend(string projectRoot, string path)
    {
        var full = ThrowIfLinked(projectRoot, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    // The first link on the way, relative to the root. A path outside the project is the user's own choice (a
    // configured database elsewhere) and is not the repository's to redirect: it is not checked.
    private static string? FindLink(string projectRoot, string path, out string full)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectRoot);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var root = Path.GetFullPath(projectRoot);
        full = Path.GetFullPath(path, root);
        var relative = Path.GetRelativePath(root, full);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var current = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Join(current, part);
            var entry = new FileInfo(current);
            if (entry.LinkTarget is not null)
            {
                return Path.GetRelativePath(root, current);
            }

            if (!entry.Exists && !Directory.Exists(current))
            {
                break; // what does not exist yet is made by memfun, as a real folder or file
            }
        }

        return null;
    }
}
