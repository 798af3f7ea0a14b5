using Memfun.Core.Errors;

namespace Memfun.Tools.Files;

/// <summary>Resolves tool paths inside the project root and refuses every way out of it.</summary>
/// <remarks>
/// Security: absolute paths, <c>..</c> segments that climb above the root, and symbolic links (at any level)
/// whose target lies outside the root are refused with <see cref="MemfunErrorCodes.SecurityPathEscape"/>.
/// The root itself is canonicalised once, so a root reached through a symlink still works.
/// </remarks>
public sealed class ProjectPaths
{
    /// <summary>Creates the resolver for <paramref name="projectRoot"/>.</summary>
    /// <param name="projectRoot">The project root (must exist).</param>
    public ProjectPaths(string projectRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectRoot);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectRoot));
        Root = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>Gets the canonical project root.</summary>
    public string Root { get; }

    /// <summary>Returns the full path of <paramref name="relativePath"/> after checking it stays inside the root.</summary>
    /// <param name="relativePath">A path relative to the root; empty or <c>.</c> means the root.</param>
    /// <exception cref="SecurityException">The path leaves the project root.</exception>
    public string Resolve(string? relativePath)
    {
        var path = string.IsNullOrWhiteSpace(relativePath) ? "." : relativePath.Trim();
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw Escape(path, "it contains a NUL character");
        }

        if (Path.IsPathRooted(path) || path.StartsWith('~'))
        {
            throw Escape(path, "absolute paths are not accepted; give a path relative to the project root");
        }

        var full = Path.GetFullPath(Path.Combine(Root, path));
        if (!IsInside(full))
        {
            throw Escape(path, "it climbs above the project root");
        }

        // Walk down from the root so a link anywhere on the way is caught, not only at the leaf.
        var current = Root;
        foreach (var segment in Path.GetRelativePath(Root, full).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            current = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is null)
            {
                continue;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName
                ?? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, info.LinkTarget));
            if (!IsInside(target))
            {
                throw Escape(path, "it goes through a symbolic link that points outside the project root");
            }
        }

        return full;
    }

    /// <summary>Returns <paramref name="fullPath"/> relative to the root, with forward slashes.</summary>
    /// <param name="fullPath">A full path inside the root.</param>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private bool IsInside(string fullPath) =>
        fullPath == Root || fullPath.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static SecurityException Escape(string path, string reason) =>
        new(MemfunErrorCodes.SecurityPathEscape, $"The path '{path}' is refused: {reason}.")
        {
            Hint = "Tools only read and write inside the project root; anything outside the project is refused.",
        };
}
