using System.Text;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Core.Processes;

namespace Memfun.Tools.Files;

/// <summary>
/// File changes the agent proposes, held in memory until they are approved: reads see them, the disk does not,
/// until <see cref="ApplyAsync"/>.
/// </summary>
/// <remarks>
/// Thread-safe. Paths go through <see cref="ProjectPaths"/>: reads by its rule, staged writes by its write rule (no
/// <c>.git/</c>, no <c>memfun.toml</c>, no write through a link), checked when staged and again when applied. Edits
/// are keyed by the real path, so the diff names the file that will change.
/// </remarks>
public sealed class PendingEdits(string projectRoot)
{
    private readonly ProjectPaths _paths = new(projectRoot);
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, string> _changed = new(StringComparer.Ordinal);

    /// <summary>Gets the paths changed so far, relative to the project root.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_gate)
            {
                return [.. _changed.Keys];
            }
        }
    }

    /// <summary>Returns the staged content of a file, when the run has changed it.</summary>
    /// <param name="relativePath">A path relative to the project root (confined by the same rule as every read).</param>
    /// <param name="content">The staged content.</param>
    public bool TryGetStaged(string relativePath, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? content)
    {
        var key = _paths.Relative(_paths.Resolve(relativePath));
        lock (_gate)
        {
            return _changed.TryGetValue(key, out content);
        }
    }

    /// <summary>Reads a file as the edits so far would leave it.</summary>
    /// <param name="relativePath">A path relative to the project root.</param>
    /// <exception cref="ToolException">The file does not exist.</exception>
    public string Read(string relativePath)
    {
        if (TryGetStaged(relativePath, out var staged))
        {
            return staged;
        }

        var path = _paths.Resolve(relativePath);
        return File.Exists(path) ? File.ReadAllText(path) : throw ToolErrors.NotFound(relativePath);
    }

    /// <summary>Stages the whole new content of a file (created if absent).</summary>
    /// <exception cref="SecurityException">The path may not be written (<see cref="ProjectPaths.ResolveForWrite"/>): refused now, not at apply time.</exception>
    public void Write(string relativePath, string content)
    {
        var key = WriteKey(relativePath);
        lock (_gate)
        {
            _changed[key] = content;
        }
    }

    /// <summary>Stages the replacement of <paramref name="oldText"/>, which must occur exactly once, by <paramref name="newText"/>.</summary>
    /// <exception cref="ToolException">The text is absent or occurs more than once.</exception>
    /// <exception cref="SecurityException">The path may not be written.</exception>
    public void Edit(string relativePath, string oldText, string newText)
    {
        WriteKey(relativePath);
        Write(relativePath, TextReplacement.Apply(Read(relativePath), oldText, newText, replaceAll: false, relativePath).Text);
    }

    /// <summary>Returns a unified diff of every staged change against the files on disk (empty when nothing changed).</summary>
    public async Task<string> DiffAsync(CancellationToken cancellationToken = default)
    {
        KeyValuePair<string, string>[] changes;
        lock (_gate)
        {
            changes = [.. _changed];
        }

        var diff = new StringBuilder();
        var scratch = Directory.CreateTempSubdirectory("memfun-diff-");
        try
        {
            foreach (var (relative, content) in changes)
            {
                var current = _paths.Resolve(relative);
                var before = File.Exists(current) ? current : "/dev/null";
                var after = Path.Combine(scratch.FullName, "after");
                await File.WriteAllTextAsync(after, content, cancellationToken).ConfigureAwait(false);
                var result = await ProcessRunner.TryRunAsync("git", ["diff", "--no-index", "--no-color", "--", before, after], scratch.FullName, cancellationToken: cancellationToken).ConfigureAwait(false)
                    ?? throw new ToolException("git is needed to show the diff, and it was not found on PATH.");
                diff.Append(Relabel(result.Stdout, before == "/dev/null", relative));
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        return diff.ToString();
    }

    /// <summary>Writes every staged change to disk, each file atomically (a fresh temporary file renamed into place).</summary>
    /// <remarks>Every path is checked again before the first file is written, so a link planted since staging refuses the whole apply.</remarks>
    /// <exception cref="SecurityException">A path may no longer be written; nothing was written.</exception>
    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        KeyValuePair<string, string>[] changes;
        lock (_gate)
        {
            changes = [.. _changed];
        }

        foreach (var (relative, _) in changes)
        {
            _paths.ResolveForWrite(relative);
        }

        foreach (var (relative, content) in changes)
        {
            await _paths.WriteAllTextAsync(relative, content, cancellationToken).ConfigureAwait(false);
        }
    }

    private string WriteKey(string relativePath) => _paths.Relative(_paths.ResolveForWrite(relativePath));

    private static string Relabel(string diff, bool created, string relative)
    {
        // git names the compared files by their real paths; show project paths instead, as `git diff` would.
        var lines = diff.Split('\n');
        for (var i = 0; i < lines.Length && !lines[i].StartsWith("@@", StringComparison.Ordinal); i++)
        {
            lines[i] = lines[i].StartsWith("diff --git", StringComparison.Ordinal) ? $"diff --git a/{relative} b/{relative}"
                : lines[i].StartsWith("--- ", StringComparison.Ordinal) ? (created ? "--- /dev/null" : $"--- a/{relative}")
                : lines[i].StartsWith("+++ ", StringComparison.Ordinal) ? $"+++ b/{relative}"
                : lines[i];
        }

        return string.Join('\n', lines);
    }
}
