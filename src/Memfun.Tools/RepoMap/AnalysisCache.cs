using System.Text;
using Memfun.Core.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// The per-file analysis cache, <c>repomap.bin</c>: first an index (path, size, time, hash), which every call
/// needs, then a string table and the analysis (tags, identifier uses), read only when a map must be ranked.
/// </summary>
/// <remarks>Not thread-safe: the builder serialises its calls.</remarks>
internal sealed class AnalysisCache(string path)
{
    /// <summary>The format version of the cache files; a file of another version is ignored.</summary>
    public const int Version = 4;

    private Action? _pendingAnalysis;

    /// <summary>Gets the cache file.</summary>
    public string Path { get; } = path;

    /// <summary>Reads the index; the analysis of the loaded entries is read later, by <see cref="CompleteLoad"/>.</summary>
    /// <returns>The entries by path; empty when there is no cache or it is damaged (it is then rebuilt, not reported).</returns>
    public async Task<Dictionary<string, FileEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        if (!File.Exists(Path))
        {
            return entries;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(Path, cancellationToken).ConfigureAwait(false);
            var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadInt32() != Version)
            {
                return entries;
            }

            var ordered = new FileEntry[reader.ReadInt32()];
            for (var i = 0; i < ordered.Length; i++)
            {
                ordered[i] = new FileEntry { Path = reader.ReadString(), Size = reader.ReadInt64(), ModifiedTicks = reader.ReadInt64(), Hash = reader.ReadString() };
                entries[ordered[i].Path] = ordered[i];
            }

            _pendingAnalysis = () =>
            {
                _pendingAnalysis = null;
                using (reader)
                {
                    ReadAnalysis(reader, ordered);
                }
            };
            return entries;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            // A corrupt or truncated cache is rebuilt, not reported.
            return new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        }
    }

    /// <summary>Reads the analysis (tags and identifier uses) of the entries <see cref="LoadAsync"/> returned, once.</summary>
    public void CompleteLoad() => _pendingAnalysis?.Invoke();

    /// <summary>Writes <paramref name="entries"/> (atomically, never through a planted file or link).</summary>
    public async Task SaveAsync(IReadOnlyCollection<FileEntry> entries, CancellationToken cancellationToken)
    {
        CompleteLoad();
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        int Id(string value)
        {
            if (!table.TryGetValue(value, out var id))
            {
                table[value] = id = table.Count;
            }

            return id;
        }

        using var analysis = new MemoryStream();
        using (var writer = new BinaryWriter(analysis, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.Write(entry.Tags.Count);
                foreach (var tag in entry.Tags)
                {
                    writer.Write(Id(tag.Name));
                    writer.Write(Id(tag.Kind));
                    writer.Write(tag.Line);
                    writer.Write(tag.Scope is null ? -1 : Id(tag.Scope));
                }

                writer.Write(entry.References.Count);
                foreach (var (name, count) in entry.References)
                {
                    writer.Write(Id(name));
                    writer.Write(count);
                }
            }
        }

        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(entries.Count);
            foreach (var entry in entries)
            {
                writer.Write(entry.Path);
                writer.Write(entry.Size);
                writer.Write(entry.ModifiedTicks);
                writer.Write(entry.Hash);
            }

            writer.Write(table.Count);
            foreach (var value in table.Keys)
            {
                writer.Write(value);
            }
        }

        analysis.WriteTo(file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await AtomicFile.WriteAsync(Path, file.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static void ReadAnalysis(BinaryReader reader, FileEntry[] ordered)
    {
        var strings = new string[reader.ReadInt32()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        foreach (var entry in ordered)
        {
            var tags = reader.ReadInt32();
            entry.Tags = new List<SymbolTag>(tags);
            for (var i = 0; i < tags; i++)
            {
                var name = strings[reader.ReadInt32()];
                var kind = strings[reader.ReadInt32()];
                var line = reader.ReadInt32();
                var scope = reader.ReadInt32();
                entry.Tags.Add(new SymbolTag(name, kind, line, scope < 0 ? null : strings[scope]));
            }

            var references = reader.ReadInt32();
            entry.References = new Dictionary<string, int>(references, StringComparer.Ordinal);
            for (var i = 0; i < references; i++)
            {
                entry.References[strings[reader.ReadInt32()]] = reader.ReadInt32();
            }
        }
    }
}
