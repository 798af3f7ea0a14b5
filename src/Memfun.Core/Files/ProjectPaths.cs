using System.Text;
using Memfun.Core.Errors;

namespace Memfun.Core.Files;

/// <summary>
/// The one confinement rule for paths: resolves a path given relative to a root (the project, or a skill's folder)
/// to its real location and refuses every way out of the root. Writes are checked by the same rule and more.
/// </summary>
/// <remarks>
/// <para>
/// Security: a path is resolved component by component from the real root, and every symbolic link met on the way
/// is followed to its final target (a link to a link, a link inside a link's target, <c>..</c> after a link), as
/// the operating system would. The result is the real path, with no links left in it; it must lie inside the root,
/// otherwise <see cref="MemfunErrorCodes.SecurityPathEscape"/>. Absolute paths, <c>~</c>, NUL characters and
/// <c>..</c> segments that climb above the root are refused before anything is resolved. Callers open the returned
/// real path, never the path they were given, so what is checked is what is read or written.
/// </para>
/// <para>
/// Writes (<see cref="ResolveForWrite"/>, <see cref="WriteAllTextAsync"/>) also refuse any path with a component
/// named <c>.git</c> (case-insensitively), <c>memfun.toml</c> at the root, and a target that is itself a symbolic
/// link (write the file it points to instead), and replace files atomically through a fresh temporary file that is
/// created exclusively, so a planted file or link is never followed.
/// </para>
/// <para>
/// Not defended: a link swapped between the check and the use (the check and the open are separate system calls).
/// Thread-safe.
/// </para>
/// </remarks>
public sealed class ProjectPaths
{
    private const string ProjectRootName = "the project root";
    private const int MaxLinks = 40;
    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];
    private readonly string _rootName;
    private readonly string _rootPrefix;

    /// <summary>Creates the resolver for the project at <paramref name="projectRoot"/>.</summary>
    /// <param name="projectRoot">The project root (must exist).</param>
    public ProjectPaths(string projectRoot)
        : this(projectRoot, ProjectRootName)
    {
    }

    /// <summary>Creates the resolver for <paramref name="root"/>, named <paramref name="rootName"/> in messages.</summary>
    /// <param name="root">The folder paths must stay in (a project root, a skill's folder).</param>
    /// <param name="rootName">How messages name the root, e.g. <c>the skill's folder</c>.</param>
    public ProjectPaths(string root, string rootName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootName);
        _rootName = rootName;
        var full = Path.GetFullPath(root);
        var top = Path.GetPathRoot(full)!;
        Root = Path.TrimEndingDirectorySeparator(RealPath(top, full[top.Length..])
            ?? throw new SecurityException(MemfunErrorCodes.SecurityPathEscape, $"The folder '{root}' cannot be resolved: its symbolic links form a loop."));
        _rootPrefix = Path.EndsInDirectorySeparator(Root) ? Root : Root + Path.DirectorySeparatorChar;
    }

    /// <summary>Gets the canonical root: its real path, every link resolved.</summary>
    public string Root { get; }

    /// <summary>Returns the real full path of <paramref name="relativePath"/> after checking it stays inside the root.</summary>
    /// <param name="relativePath">A path relative to the root; empty or <c>.</c> means the root.</param>
    /// <returns>The real path (no symbolic links in it), inside <see cref="Root"/>; it need not exist.</returns>
    /// <exception cref="SecurityException">The path, or a link on its way, leads outside the root.</exception>
    public string Resolve(string? relativePath) => ResolveCore(relativePath, out _);

    /// <summary>Returns whether <paramref name="fullPath"/>, with every link on it resolved, lies inside the root.</summary>
    /// <param name="fullPath">A full path, typically an entry found by listing a directory under the root.</param>
    /// <remarks>Listings use it to leave out entries (links) that lead outside the root.</remarks>
    public bool Contains(string fullPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullPath);
        var lexical = Path.GetFullPath(fullPath);
        return IsInside(lexical) && RealPath(Root, Path.GetRelativePath(Root, lexical)) is { } real && IsInside(real);
    }

    /// <summary>Resolves <paramref name="relativePath"/> as <see cref="Resolve"/> does and checks that it may be written.</summary>
    /// <param name="relativePath">A path relative to the root.</param>
    /// <returns>The real full path to write.</returns>
    /// <exception cref="SecurityException">
    /// The path leaves the root, lies in a <c>.git</c> folder, is <c>memfun.toml</c> at the root, or is a symbolic link.
    /// </exception>
    public string ResolveForWrite(string? relativePath)
    {
        var real = ResolveCore(relativePath, out var lexical);
        var shown = relativePath?.Trim() ?? string.Empty;
        if (IsProtected(Relative(lexical)) || IsProtected(Relative(real)))
        {
            throw new SecurityException(MemfunErrorCodes.SecurityDenied,
                $"The path '{shown}' is refused: nothing inside a .git folder and not the project's memfun.toml is ever written, "
                + "because git runs hooks and configuration from .git and memfun.toml configures Memfun itself.")
            {
                Hint = "Make changes to git's configuration, hooks and memfun.toml yourself.",
            };
        }

        if (new FileInfo(lexical).LinkTarget is not null)
        {
            throw new SecurityException(MemfunErrorCodes.SecurityDenied,
                $"The path '{shown}' is refused: it is a symbolic link, and writes never go through a link to its target. Write '{Relative(real)}' instead.");
        }

        return real;
    }

    /// <summary>
    /// Writes <paramref name="content"/> (UTF-8) to <paramref name="relativePath"/> after <see cref="ResolveForWrite"/>,
    /// creating missing folders; an existing file is replaced atomically and keeps its permissions.
    /// </summary>
    /// <param name="relativePath">A path relative to the root.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="cancellationToken">Cancels the write (the old file is then left as it was).</param>
    /// <returns>The real full path written.</returns>
    /// <exception cref="SecurityException">The path may not be written (see <see cref="ResolveForWrite"/>).</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    public async Task<string> WriteAllTextAsync(string relativePath, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var full = ResolveForWrite(relativePath);
        if (Directory.Exists(full))
        {
            throw new IOException($"'{relativePath}' is a directory, not a file.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await AtomicFile.WriteAsync(full, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content), cancellationToken).ConfigureAwait(false);
        return full;
    }

    /// <summary>Returns <paramref name="fullPath"/> relative to the root, with forward slashes.</summary>
    /// <param name="fullPath">A full path inside the root.</param>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private string ResolveCore(string? relativePath, out string lexical)
    {
        var path = string.IsNullOrWhiteSpace(relativePath) ? "." : relativePath.Trim();
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw Escape(path, "it contains a NUL character");
        }

        if (Path.IsPathRooted(path) || path.StartsWith('~'))
        {
            throw Escape(path, $"absolute paths are not accepted; give a path relative to {_rootName}");
        }

        lexical = Path.GetFullPath(Path.Combine(Root, path));
        if (!IsInside(lexical))
        {
            throw Escape(path, $"it climbs above {_rootName}");
        }

        var real = RealPath(Root, Path.GetRelativePath(Root, lexical))
            ?? throw Escape(path, "its symbolic links form a loop");
        return IsInside(real) ? real : throw Escape(path, $"it goes through a symbolic link that leads outside {_rootName}");
    }

    /// <summary>
    /// Resolves <paramref name="relative"/> under the real directory <paramref name="start"/> as the kernel would:
    /// component by component, each link replaced by its target (relative targets from the link's folder) and that
    /// target resolved in turn. Components that do not exist yet are appended as they are (they cannot be links).
    /// </summary>
    /// <returns>The real path, or null after more than <see cref="MaxLinks"/> links (a loop).</returns>
    private static string? RealPath(string start, string relative)
    {
        var pending = new Stack<string>();
        Push(pending, relative);
        var current = start;
        var links = 0;
        var missing = false;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, segment);
            var info = missing ? null : new FileInfo(next);
            if (info?.LinkTarget is not { } target)
            {
                missing |= info is not null && (int)info.Attributes == -1;
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(pending, target);
        }

        return current;
    }

    private static void Push(Stack<string> pending, string path)
    {
        var segments = path.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }

    private static bool IsProtected(string relative) =>
        relative.Equals("memfun.toml", StringComparison.OrdinalIgnoreCase)
        || relative.Split('/').Any(segment => segment.Equals(".git", StringComparison.OrdinalIgnoreCase));

    private bool IsInside(string fullPath) =>
        fullPath == Root || fullPath.StartsWith(_rootPrefix, StringComparison.Ordinal);

    private SecurityException Escape(string path, string reason) =>
        new(MemfunErrorCodes.SecurityPathEscape, $"The path '{path}' is refused: {reason}.")
        {
            Hint = _rootName == ProjectRootName
                ? "Tools only read and write inside the project root; anything outside the project is refused."
                : $"Only files inside {_rootName} can be read; anything outside it is refused.",
        };
}
