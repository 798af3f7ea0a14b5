using System.Text;
using Memfun.Core.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// The answer to the latest map request, <c>repomap.results.bin</c> beside the analysis cache: the same question on
/// the same file contents is answered from it by a new builder without ranking again. Never large.
/// </summary>
internal sealed class ResultCache(string analysisCachePath)
{
    /// <summary>Gets the results file.</summary>
    public string Path { get; } = System.IO.Path.ChangeExtension(analysisCachePath, ".results.bin");

    /// <summary>Returns the saved result for <paramref name="key"/>, or null (none, another key, or a damaged file).</summary>
    public async Task<RepoMapResult?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false)), Encoding.UTF8);
            if (reader.ReadInt32() != AnalysisCache.Version)
            {
                return null;
            }

            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                var savedKey = reader.ReadString();
                var result = new RepoMapResult(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), 0);
                if (savedKey == key)
                {
                    return result;
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            // A damaged results file only costs a recomputation.
        }

        return null;
    }

    /// <summary>Keeps <paramref name="result"/> as the answer for <paramref name="key"/> (atomically), replacing the previous one.</summary>
    public async Task SaveAsync(string key, RepoMapResult result, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(AnalysisCache.Version);
            writer.Write(1);
            writer.Write(key);
            writer.Write(result.Text);
            writer.Write(result.FileCount);
            writer.Write(result.SymbolCount);
            writer.Write(result.SymbolsShown);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await AtomicFile.WriteAsync(Path, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
