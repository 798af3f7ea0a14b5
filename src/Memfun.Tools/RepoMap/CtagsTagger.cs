using System.Text.Json;
using System.Text.Json.Serialization;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Tools.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>Finds the symbol definitions of files with universal-ctags (JSON output, in batches run side by side).</summary>
internal static partial class CtagsTagger
{
    private const int MaxBatch = 2000;

    /// <summary>Returns the definitions ctags finds in each of <paramref name="paths"/> (relative to <paramref name="root"/>).</summary>
    /// <exception cref="ToolException">ctags is missing or took longer than <paramref name="timeout"/>.</exception>
    public static async Task<Dictionary<string, List<SymbolTag>>> TagAsync(string root, IReadOnlyList<string> paths, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, List<SymbolTag>>(paths.Count, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            tags[path] = [];
        }

        // One ctags per core (ctags is single-threaded), each with at most MaxBatch files.
        var batchSize = Math.Clamp((paths.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount, 1, MaxBatch);
        var outputs = await Task.WhenAll(paths.Chunk(batchSize).Select(batch => RunAsync(root, batch, timeout, cancellationToken))).ConfigureAwait(false);
        foreach (var output in outputs)
        {
            foreach (var line in output.AsSpan().EnumerateLines())
            {
                if (line.IsEmpty || line[0] != '{')
                {
                    continue;
                }

                var tag = JsonSerializer.Deserialize(line, CtagsJson.Default.CtagsLine);
                if (tag is { Path: { } path, Name: { } name } && tags.TryGetValue(path.Replace('\\', '/'), out var list))
                {
                    list.Add(new SymbolTag(name, tag.Kind ?? "symbol", tag.Line, tag.Scope));
                }
            }
        }

        return tags;
    }

    private static async Task<string> RunAsync(string root, string[] batch, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var listFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(listFile, batch, cancellationToken).ConfigureAwait(false);
            // --options=NONE (first, as ctags requires): no option files, and ctags reads them from the current
            // directory, the project's (.ctags.d/*.ctags), where a repository could plant exclusions and patterns.
            var result = await ProcessRunner.TryRunAsync("ctags", ["--options=NONE", "--output-format=json", "--fields=+n", "-f", "-", "-L", listFile], root, timeout, cancellationToken).ConfigureAwait(false)
                ?? throw ToolErrors.MissingProgram("ctags", "apt-get install universal-ctags");
            return result.TimedOut
                ? throw new ToolException(MemfunErrorCodes.ToolFailure, "ctags took too long; the repository map is not available.")
                : result.Stdout;
        }
        finally
        {
            File.Delete(listFile);
        }
    }

    /// <summary>One line of ctags' JSON output (the fields the map uses).</summary>
    internal sealed record CtagsLine(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("path")] string? Path,
        [property: JsonPropertyName("kind")] string? Kind,
        [property: JsonPropertyName("line")] int Line,
        [property: JsonPropertyName("scope")] string? Scope);

    [JsonSerializable(typeof(CtagsLine))]
    private sealed partial class CtagsJson : JsonSerializerContext;
}
