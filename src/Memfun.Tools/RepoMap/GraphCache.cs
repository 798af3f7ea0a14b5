using System.Text;
using Memfun.Core.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// The question-independent ranking graph, <c>repomap.graph.bin</c> beside the analysis cache, keyed by the fingerprint of
/// every file's path and content hash: a new builder answering a new question reads it instead of rebuilding the graph
/// from every file's analysis. Any changed file changes the fingerprint, and the graph is then rebuilt from the
/// per-file analysis (of which only the changed files' part was redone).
/// </summary>
/// <remarks>Not thread-safe: the builder serialises its calls.</remarks>
internal sealed class GraphCache(string analysisCachePath)
{
    /// <summary>Gets the graph file.</summary>
    public string Path { get; } = System.IO.Path.ChangeExtension(analysisCachePath, ".graph.bin");

    /// <summary>Returns the saved graph of <paramref name="entries"/>, or null (none, of other contents, or a damaged file).</summary>
    public async Task<SymbolGraph?> LoadAsync(string fingerprint, List<FileEntry> entries, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false)), Encoding.UTF8);
            return reader.ReadInt32() == AnalysisCache.Version && reader.ReadString() == fingerprint ? SymbolGraph.Read(reader, entries) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            // A damaged graph file only costs a rebuild.
            return null;
        }
    }

    /// <summary>Keeps <paramref name="graph"/> as the graph of the contents <paramref name="fingerprint"/> names (atomically).</summary>
    public async Task SaveAsync(string fingerprint, SymbolGraph graph, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(AnalysisCache.Version);
            writer.Write(fingerprint);
            graph.Write(writer);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await AtomicFile.WriteAsync(Path, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
