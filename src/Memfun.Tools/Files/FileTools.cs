using System.ComponentModel;
using System.Globalization;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Core.Files;

namespace Memfun.Tools.Files;

/// <summary>Read, list, glob, write and edit files inside the project root.</summary>
/// <remarks>
/// Every path goes through <see cref="ProjectPaths"/> (real path, every link resolved, inside the root); writes also
/// are decided by the caller's policy where the tool is called (<see cref="Mcp.MemfunTool"/>), go through <see cref="ProjectPaths.WriteAllTextAsync"/> (no <c>.git/</c>,
/// no <c>memfun.toml</c>, no write through a link, atomic replace). Listings leave out links that lead outside the
/// root; glob does not descend into links at all. Thread-safe.
/// </remarks>
public sealed class FileTools
{
    private const int BinaryProbeBytes = 8000;
    private const int DefaultLineLimit = 2000;
    private const int MaxEntries = 1000;
    private readonly ToolContext _context;

    /// <summary>Creates the tools.</summary>
    /// <param name="context">The tool context.</param>
    public FileTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Paths = new ProjectPaths(context.ProjectRoot);
    }

    /// <summary>Gets the path resolver of the project root.</summary>
    public ProjectPaths Paths { get; }

    /// <summary>Reads a text file with line numbers, optionally a range of lines.</summary>
    /// <param name="path">Path relative to the project root.</param>
    /// <param name="offset">First line to return (1-based).</param>
    /// <param name="limit">Most lines to return (default 2000).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lines, each prefixed with its number and a tab; a note at the end when more lines follow.</returns>
    [Description("Read a text file in the project with line numbers. Use offset and limit to read a range of a large file.")]
    public async Task<string> ReadFileAsync(
        [Description("Path relative to the project root.")] string path,
        [Description("First line to return, 1-based.")] int offset = 1,
        [Description("Most lines to return (default 2000).")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        if (offset < 1 || limit is < 1)
        {
            throw ToolErrors.BadArgument("offset must be 1 or more and limit 1 or more.");
        }

        using var reader = await OpenTextAsync(path, cancellationToken).ConfigureAwait(false);
        var output = new StringBuilder();
        var maxLines = limit ?? DefaultLineLimit;
        var lineNumber = 0;
        var written = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (lineNumber < offset)
            {
                continue;
            }

            if (written == maxLines || output.Length + line.Length > _context.MaxReadBytes)
            {
                output.Append(CultureInfo.InvariantCulture, $"[more lines follow; read on with offset={lineNumber}]\n");
                return output.ToString();
            }

            output.Append(CultureInfo.InvariantCulture, $"{lineNumber,6}\t{line}\n");
            written++;
        }

        if (written == 0)
        {
            return lineNumber == 0 ? "[empty file]\n" : $"[the file has {lineNumber} lines; offset {offset} is past the end]\n";
        }

        return output.ToString();
    }

    /// <summary>Lists a directory: folders first (with a trailing slash), then files with their sizes.</summary>
    /// <param name="path">Directory relative to the project root.</param>
    /// <returns>One entry per line.</returns>
    [Description("List a directory of the project: sub-folders (ending in /) and files with sizes.")]
    public string ListDirectory([Description("Directory relative to the project root; empty for the root.")] string path = ".")
    {
        var full = Paths.Resolve(path);
        if (!Directory.Exists(full))
        {
            throw File.Exists(full) ? ToolErrors.BadArgument($"'{path}' is a file, not a directory.") : ToolErrors.NotFound(path);
        }

        var directory = new DirectoryInfo(full);
        var output = new StringBuilder();
        var count = 0;
        // A link is listed only when the rule lets it be read: one that leads outside the root is left out.
        foreach (var entry in directory.EnumerateFileSystemInfos().Where(e => e.Name != ".git" && (e.LinkTarget is null || Paths.Contains(e.FullName)))
            .OrderBy(e => e is FileInfo).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            if (++count > MaxEntries)
            {
                output.Append(CultureInfo.InvariantCulture, $"[more than {MaxEntries} entries; list a sub-folder or use glob]\n");
                break;
            }

            output.Append(entry is FileInfo file
                ? string.Create(CultureInfo.InvariantCulture, $"{file.Name}\t{file.Length}\n")
                : entry.Name + "/\n");
        }

        return count == 0 ? "[empty directory]\n" : output.ToString();
    }

    /// <summary>Finds files whose project-relative path matches a glob.</summary>
    /// <param name="pattern">The glob (<c>**/*.cs</c>, <c>src/*.{ts,tsx}</c>).</param>
    /// <param name="path">Directory to search under.</param>
    /// <returns>Matching paths relative to the root, sorted, one per line.</returns>
    [Description("Find files by glob pattern (e.g. **/*.cs or src/**/*.{ts,tsx}); returns paths relative to the project root.")]
    public string Glob(
        [Description("Glob pattern; a pattern without '/' matches at any depth.")] string pattern,
        [Description("Directory to search under, relative to the project root.")] string path = ".")
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw ToolErrors.BadArgument("pattern must not be empty.");
        }

        var full = Paths.Resolve(path);
        if (!Directory.Exists(full))
        {
            throw ToolErrors.NotFound(path);
        }

        var glob = new GlobPattern(pattern);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var matches = Directory.EnumerateFiles(full, "*", options)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(full, f).Replace('\\', '/')))
            .Where(f => !f.Relative.StartsWith(".git/", StringComparison.Ordinal) && glob.IsMatch(f.Relative))
            .Select(f => Paths.Relative(f.Full))
            .Take(MaxEntries + 1)
            .ToList();
        matches.Sort(StringComparer.Ordinal);
        if (matches.Count == 0)
        {
            return "[no files match]\n";
        }

        var text = string.Join('\n', matches.Take(MaxEntries)) + "\n";
        return matches.Count > MaxEntries ? text + $"[more than {MaxEntries} matches; narrow the pattern]\n" : text;
    }

    /// <summary>Writes (creates or replaces) a file.</summary>
    /// <param name="path">Path relative to the project root.</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A one-line confirmation.</returns>
    [Description("Create or overwrite a file in the project with the given content. Needs writes allowed.")]
    public async Task<string> WriteFileAsync(
        [Description("Path relative to the project root.")] string path,
        [Description("The complete file content.")] string content,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (_context.Edits is { } edits)
        {
            await edits.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
            return $"Staged {path} ({Encoding.UTF8.GetByteCount(content)} bytes); it is written when the user approves the diff.";
        }

        var full = Paths.ResolveForWrite(path);
        if (Directory.Exists(full))
        {
            throw ToolErrors.BadArgument($"'{path}' is a directory.");
        }

        var existed = File.Exists(full);
        full = await Paths.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
        return $"{(existed ? "Replaced" : "Created")} {Paths.Relative(full)} ({Encoding.UTF8.GetByteCount(content)} bytes).";
    }

    /// <summary>Replaces an exact string in a file; the string must occur once unless <paramref name="replaceAll"/> is set.</summary>
    /// <param name="path">Path relative to the project root.</param>
    /// <param name="oldString">The exact text to replace.</param>
    /// <param name="newString">The replacement.</param>
    /// <param name="replaceAll">Replace every occurrence instead of requiring exactly one.</param>
    /// <param name="cancellationToken">Cancels the edit.</param>
    /// <returns>A one-line confirmation.</returns>
    [Description("Replace an exact string in a file. oldString must occur exactly once unless replaceAll is true. Needs writes allowed.")]
    public async Task<string> EditFileAsync(
        [Description("Path relative to the project root.")] string path,
        [Description("The exact text to find, including indentation.")] string oldString,
        [Description("The text to put in its place.")] string newString,
        [Description("Replace every occurrence.")] bool replaceAll = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newString);
        var full = Paths.ResolveForWrite(path);
        var (edited, count) = TextReplacement.Apply(await ReadTextAsync(path, cancellationToken).ConfigureAwait(false), oldString, newString, replaceAll, path);
        if (_context.Edits is { } edits)
        {
            await edits.WriteAsync(path, edited, cancellationToken).ConfigureAwait(false);
            return $"Staged an edit of {Paths.Relative(full)}: {count} replacement{(count == 1 ? string.Empty : "s")}; it is written when the user approves the diff.";
        }

        await Paths.WriteAllTextAsync(path, edited, cancellationToken).ConfigureAwait(false);
        return $"Edited {Paths.Relative(full)}: {count} replacement{(count == 1 ? string.Empty : "s")}.";
    }

    /// <summary>Reads a whole text file as this session sees it: with the run's staged edits, if any.</summary>
    /// <param name="path">Path relative to the project root.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ToolException">The file does not exist or is a directory.</exception>
    public async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = await OpenTextAsync(path, cancellationToken).ConfigureAwait(false);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the project's files as git sees them (tracked, and untracked but not ignored), optionally filtered by a glob.</summary>
    /// <param name="glob">A glob such as <c>src/**/*.cs</c>; a pattern without <c>/</c> matches at any depth.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Project-relative paths with <c>/</c>, sorted.</returns>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string? glob = null, CancellationToken cancellationToken = default)
    {
        var files = await ProjectFiles.ListAsync(Paths.Root, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(glob))
        {
            return files;
        }

        var pattern = new GlobPattern(glob);
        return [.. files.Where(pattern.IsMatch)];
    }

    private async Task<TextReader> OpenTextAsync(string path, CancellationToken cancellationToken)
    {
        if (_context.Edits is { } edits && edits.TryGetStaged(path, out var staged))
        {
            return new StringReader(staged);
        }

        var stream = new FileStream(ExistingFile(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, useAsync: true);
        if (await IsBinaryAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            var length = stream.Length;
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"'{path}' is a binary file ({length} bytes); it cannot be shown as text.");
        }

        return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    private string ExistingFile(string path)
    {
        var full = Paths.Resolve(path);
        if (Directory.Exists(full))
        {
            throw ToolErrors.BadArgument($"'{path}' is a directory; use list_directory.");
        }

        return File.Exists(full) ? full : throw ToolErrors.NotFound(path);
    }

    private static async Task<bool> IsBinaryAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[BinaryProbeBytes];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        return buffer.AsSpan(0, read).Contains((byte)0);
    }
}
