using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Files;

namespace Memfun.Tools.Changes;

/// <summary>
/// Keeps each editing run's patch beside its trace (<c>.memfun/traces/&lt;run id&gt;.patch.json</c>), so a patch that
/// was rejected, or applied only in part, can be applied later with <c>memfun apply RUN_ID</c>.
/// </summary>
public sealed class PatchStore(string projectRoot)
{
    private const string Suffix = ".patch.json";
    private readonly ProjectPaths _paths = new(projectRoot);

    /// <summary>Saves a patch (replacing an earlier one of the same run).</summary>
    /// <returns>The file written.</returns>
    public async Task<string> SaveAsync(Patch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var folder = Folder();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, patch.RunId + Suffix);
        await AtomicFile.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(patch, ChangeJson.Options), cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>Loads the patch of a run, named by its id or a unique prefix of it.</summary>
    /// <exception cref="ToolException">No run, or more than one, matches; or the file is not a patch.</exception>
    public async Task<Patch> LoadAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var folder = Folder();
        var matches = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*" + Suffix).Where(f => Path.GetFileName(f).StartsWith(runId.Trim(), StringComparison.Ordinal)).ToList()
            : [];
        if (matches.Count != 1)
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, matches.Count == 0
                ? $"No kept patch belongs to a run '{runId}'."
                : $"'{runId}' names {matches.Count} runs' patches; give more of the run id.")
            {
                Hint = "Runs that staged a patch print their run id; `memfun traces list` lists runs.",
            };
        }

        try
        {
            await using var stream = File.OpenRead(matches[0]);
            return await JsonSerializer.DeserializeAsync<Patch>(stream, ChangeJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new ToolException($"{matches[0]} is not a readable patch: {e.Message}");
        }
    }

    private string Folder() => _paths.Resolve(".memfun/traces");
}
