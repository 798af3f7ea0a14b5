using System.Text;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Core.Processes;
using Memfun.Tools.Changes;
using Memfun.Tools.Workspaces;

namespace Memfun.Tools.Files;

/// <summary>
/// File changes the agent proposes, held in memory until they are approved: reads see them, the disk does not,
/// until <see cref="ApplyAsync"/>. With a <see cref="Workspace"/>, each staged file is also written there, so the
/// run's commands (its tests) see the change.
/// </summary>
/// <remarks>
/// Thread-safe. Paths go through <see cref="ProjectPaths"/>: reads by its rule, staged writes by its write rule (no
/// <c>.git/</c>, no <c>memfun.toml</c>, no write through a link), checked when staged and again when applied. Edits
/// are keyed by the real path, so the diff names the file that will change. Each file remembers the fingerprint of
/// the content it was staged against: a file that changed on disk since is a conflict, reported and never overwritten.
/// </remarks>
public sealed class PendingEdits(string projectRoot, Workspace? workspace = null)
{
    private readonly ProjectPaths _paths = new(projectRoot);
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, PatchFile> _changed = new(StringComparer.Ordinal);

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

    /// <summary>Gets the workspace staged files are mirrored into, if the run has one.</summary>
    public Workspace? Workspace => workspace;

    /// <summary>Returns the staged edits of a patch kept from an earlier run, ready to diff and apply.</summary>
    /// <param name="projectRoot">The project.</param>
    /// <param name="patch">The patch.</param>
    /// <exception cref="SecurityException">A path of the patch may not be written.</exception>
    public static PendingEdits FromPatch(string projectRoot, Patch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var edits = new PendingEdits(projectRoot);
        foreach (var file in patch.Files)
        {
            var key = edits.WriteKey(file.Path);
            edits._changed[key] = file with { Path = key };
        }

        return edits;
    }

    /// <summary>Returns the staged edits as a patch to keep.</summary>
    /// <param name="runId">The run that staged them.</param>
    public Patch ToPatch(string runId)
    {
        lock (_gate)
        {
            return new Patch(runId, DateTimeOffset.UtcNow, [.. _changed.Values]);
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
            content = _changed.TryGetValue(key, out var file) ? file.Content : null;
            return content is not null;
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

    /// <summary>Stages the whole new content of a file (created if absent), and mirrors it into the workspace.</summary>
    /// <exception cref="SecurityException">The path may not be written (<see cref="ProjectPaths.ResolveForWrite"/>): refused now, not at apply time.</exception>
    public async Task WriteAsync(string relativePath, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = WriteKey(relativePath);
        lock (_gate)
        {
            var baseHash = _changed.TryGetValue(key, out var earlier) ? earlier.BaseHash : ContentHash.OfFile(_paths.Resolve(key));
            _changed[key] = new PatchFile(key, baseHash, content);
        }

        if (workspace is not null)
        {
            await workspace.WriteAsync(key, content, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stages the replacement of <paramref name="oldText"/>, which must occur exactly once, by <paramref name="newText"/>.</summary>
    /// <exception cref="ToolException">The text is absent or occurs more than once.</exception>
    /// <exception cref="SecurityException">The path may not be written.</exception>
    public async Task EditAsync(string relativePath, string oldText, string newText, CancellationToken cancellationToken = default)
    {
        WriteKey(relativePath);
        await WriteAsync(relativePath, TextReplacement.Apply(Read(relativePath), oldText, newText, replaceAll: false, relativePath).Text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns a unified diff of the staged changes against the files on disk (empty when nothing changed).</summary>
    /// <param name="only">The paths to show; every staged path when null.</param>
    /// <param name="cancellationToken">Cancels the diff.</param>
    public async Task<string> DiffAsync(IReadOnlyCollection<string>? only = null, CancellationToken cancellationToken = default)
    {
        var changes = Selected(only);
        var diff = new StringBuilder();
        var scratch = Directory.CreateTempSubdirectory("memfun-diff-");
        try
        {
            foreach (var (relative, _, content) in changes)
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

    /// <summary>
    /// Returns the staged paths whose file changed on disk since it was staged against (edited by the user meanwhile):
    /// applying them would lose that edit.
    /// </summary>
    public IReadOnlyList<string> Conflicts(IReadOnlyCollection<string>? only = null) =>
        [.. Selected(only).Where(IsConflict).Select(f => f.Path)];

    /// <summary>
    /// Writes the staged changes to disk, each file atomically (a fresh temporary file renamed into place); files that
    /// changed on disk since they were staged against are conflicts, left alone and reported.
    /// </summary>
    /// <param name="only">The paths to apply (the user's choice); every staged path when null.</param>
    /// <param name="cancellationToken">Cancels the apply before the first write.</param>
    /// <returns>The files written, with what they held before (for a checkpoint), and the conflicts.</returns>
    /// <remarks>
    /// Every path is checked again before the first file is written, so a link planted since staging refuses the whole
    /// apply. When a write fails, the files already written are restored before the error propagates.
    /// </remarks>
    /// <exception cref="SecurityException">A path may no longer be written; nothing was written.</exception>
    public async Task<ApplyReport> ApplyAsync(IReadOnlyCollection<string>? only = null, CancellationToken cancellationToken = default)
    {
        var changes = Selected(only);
        foreach (var change in changes)
        {
            _paths.ResolveForWrite(change.Path);
        }

        var conflicts = changes.Where(IsConflict).Select(f => f.Path).ToList();
        var applied = new List<CheckpointFile>();
        try
        {
            foreach (var change in changes.Where(c => !conflicts.Contains(c.Path)))
            {
                var full = _paths.Resolve(change.Path);
                var before = File.Exists(full) ? await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false) : null;
                await _paths.WriteAllTextAsync(change.Path, change.Content, cancellationToken).ConfigureAwait(false);
                applied.Add(new CheckpointFile(change.Path, before, ContentHash.OfText(change.Content)));
            }
        }
        catch
        {
            await RestoreAsync(_paths, applied).ConfigureAwait(false);
            throw;
        }

        return new ApplyReport(applied, conflicts);
    }

    /// <summary>Puts files back as they were before an apply (deleting the ones it created).</summary>
    /// <param name="paths">The project's paths.</param>
    /// <param name="files">The files the apply wrote.</param>
    internal static async Task RestoreAsync(ProjectPaths paths, IEnumerable<CheckpointFile> files)
    {
        foreach (var file in files)
        {
            var full = paths.ResolveForWrite(file.Path);
            if (file.Before is null)
            {
                File.Delete(full);
            }
            else
            {
                await AtomicFile.WriteAsync(full, file.Before, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private List<PatchFile> Selected(IReadOnlyCollection<string>? only)
    {
        lock (_gate)
        {
            if (only is null)
            {
                return [.. _changed.Values];
            }

            var unknown = only.FirstOrDefault(p => !_changed.ContainsKey(p));
            return unknown is null
                ? [.. _changed.Values.Where(f => only.Contains(f.Path))]
                : throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"'{unknown}' is not one of the patch's files ({string.Join(", ", _changed.Keys)}).");
        }
    }

    private bool IsConflict(PatchFile file)
    {
        var current = ContentHash.OfFile(_paths.Resolve(file.Path));
        return current != file.BaseHash && current != ContentHash.OfText(file.Content);
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
