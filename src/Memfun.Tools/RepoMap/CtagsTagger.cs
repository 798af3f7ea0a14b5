using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Tools.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>Finds the symbol definitions of files with universal-ctags (JSON output, in batches).</summary>
internal static class CtagsTagger
{
    private const int CtagsBatch = 2000;

    /// <summary>Replaces the <see cref="FileEntry.Tags"/> of every entry with what ctags finds in its file.</summary>
    /// <exception cref="ToolException">ctags is missing or took longer than <paramref name="timeout"/>.</exception>
    public static async Task TagAsync(string root, List<FileEntry> entries, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var byPath = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            entry.Tags = [];
        }

        var listFile = Path.GetTempFileName();
        try
        {
            foreach (var batch in entries.Chunk(CtagsBatch))
            {
                await File.WriteAllLinesAsync(listFile, batch.Select(e => e.Path), cancellationToken).ConfigureAwait(false);
                var result = await ProcessRunner.TryRunAsync("ctags", ["--output-format=json", "--fields=+n", "-f", "-", "-L", listFile], root, timeout, cancellationToken).ConfigureAwait(false)
                    ?? throw ToolErrors.MissingProgram("ctags", "apt-get install universal-ctags");
                if (result.TimedOut)
                {
                    throw new ToolException(MemfunErrorCodes.ToolFailure, "ctags took too long; the repository map is not available.");
                }

                foreach (var line in result.Stdout.AsSpan().EnumerateLines())
                {
                    if (line.IsEmpty || line[0] != '{')
                    {
                        continue;
                    }

                    using var json = JsonDocument.Parse(line.ToString());
                    var tag = json.RootElement;
                    if (tag.TryGetProperty("path", out var path) && byPath.TryGetValue(path.GetString()!.Replace('\\', '/'), out var entry))
                    {
                        entry.Tags.Add(new SymbolTag(
                            tag.GetProperty("name").GetString()!,
                            tag.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "symbol" : "symbol",
                            tag.TryGetProperty("line", out var number) ? number.GetInt32() : 0,
                            tag.TryGetProperty("scope", out var scope) ? scope.GetString() : null));
                    }
                }
            }
        }
        finally
        {
            File.Delete(listFile);
        }
    }
}
