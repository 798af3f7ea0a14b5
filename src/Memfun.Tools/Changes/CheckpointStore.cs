using System.Globalization;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Tools.Files;

namespace Memfun.Tools.Changes;

/// <summary>
/// Records every applied patch in <c>.memfun/checkpoints/</c> with the files' earlier bytes, and undoes the latest one
/// byte for byte: <c>memfun undo [RUN_ID]</c>. Works the same in git repositories and plain folders.
/// </summary>
public sealed class CheckpointStore(string projectRoot)
{
    private readonly ProjectPaths _paths = new(projectRoot);

    /// <summary>Records what an apply wrote; an apply that wrote nothing records nothing.</summary>
    /// <returns>The checkpoint, or null when nothing was written.</returns>
    public async Task<Checkpoint?> SaveAsync(string runId, IReadOnlyList<CheckpointFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        var checkpoint = new Checkpoint($"{now.ToUnixTimeMilliseconds().ToString("D15", CultureInfo.InvariantCulture)}-{runId}", runId, now, files);
        var folder = Folder();
        Directory.CreateDirectory(folder);
        await AtomicFile.WriteAsync(Path.Combine(folder, checkpoint.Id + ".json"), JsonSerializer.SerializeToUtf8Bytes(checkpoint, ChangeJson.Options), cancellationToken).ConfigureAwait(false);
        return checkpoint;
    }

    /// <summary>Lists the checkpoints not undone yet, newest first.</summary>
    public async Task<IReadOnlyList<Checkpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        var folder = Folder();
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var checkpoints = new List<Checkpoint>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Reverse())
        {
            await using var stream = File.OpenRead(file);
            if (await JsonSerializer.DeserializeAsync<Checkpoint>(stream, ChangeJson.Options, cancellationToken).ConfigureAwait(false) is { } checkpoint)
            {
                checkpoints.Add(checkpoint);
            }
        }

        return checkpoints;
    }

    /// <summary>
    /// Restores the files of the latest checkpoint (of <paramref name="runId"/>, a run id or a unique prefix, when given)
    /// to their bytes before the apply, and forgets the checkpoint.
    /// </summary>
    /// <returns>The checkpoint undone.</returns>
    /// <exception cref="ToolException">
    /// Nothing to undo; or a file was edited since the apply (<see cref="MemfunErrorCodes.ToolConflict"/>): then nothing is restored.
    /// </exception>
    public async Task<Checkpoint> UndoAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        var checkpoint = all.FirstOrDefault(c => runId is null || c.RunId.StartsWith(runId.Trim(), StringComparison.Ordinal))
            ?? throw new ToolException(MemfunErrorCodes.ToolBadArguments, runId is null
                ? "There is nothing to undo: no applied patch is recorded in this project."
                : $"No applied patch of a run '{runId}' is recorded (undone already, or never applied).");
        var edited = checkpoint.Files.Where(f => ContentHash.OfFile(_paths.Resolve(f.Path)) != f.AfterHash).Select(f => f.Path).ToList();
        if (edited.Count > 0)
        {
            throw new ToolException(MemfunErrorCodes.ToolConflict,
                $"Undo refused: {string.Join(", ", edited)} changed since run {checkpoint.RunId} wrote {(edited.Count == 1 ? "it" : "them")}; restoring would lose those edits. Nothing was changed.")
            {
                Hint = "Commit or save your edits elsewhere and revert the files yourself, or put them back as the run left them and undo again.",
            };
        }

        await PendingEdits.RestoreAsync(_paths, checkpoint.Files).ConfigureAwait(false);
        File.Delete(Path.Combine(Folder(), checkpoint.Id + ".json"));
        return checkpoint;
    }

    private string Folder() => _paths.Resolve(".memfun/checkpoints");
}
