using System.Security.Cryptography;
using System.Text;
using Memfun.Core.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// Keeps the per-file analysis (tags from ctags, identifier uses) up to date: unchanged files come from the cache
/// (size and modification time first, then the content hash), changed ones are read, counted and tagged again.
/// </summary>
/// <remarks>Not thread-safe: the builder serialises its calls.</remarks>
internal sealed class RepoAnalyzer(ProjectPaths paths, TimeSpan processTimeout, AnalysisCache cache)
{
    private const long MaxFileBytes = 1024 * 1024;

    // Documents and data files have ctags entries (headings, keys) but are not code to map.
    private static readonly HashSet<string> NonCodeExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".markdown", ".rst", ".txt", ".json", ".yaml", ".yml", ".toml", ".xml", ".html", ".htm", ".css", ".csv", ".lock", ".ini", ".cfg", ".svg",
    };

    private Dictionary<string, FileEntry>? _entries;

    /// <summary>Analyses the project's code files, reusing what the cache still holds, and saves the cache when it changed.</summary>
    /// <returns>The entries in path order, how many files were analysed again, and whether any file was added, changed or removed.</returns>
    public async Task<(List<FileEntry> Entries, int Reanalysed, bool Changed)> AnalyseAsync(CancellationToken cancellationToken)
    {
        _entries ??= await cache.LoadAsync(cancellationToken).ConfigureAwait(false);
        var files = await RepoFiles.ListAsync(paths, processTimeout, cancellationToken).ConfigureAwait(false);
        var entries = new List<FileEntry>(files.Count);
        var stale = new List<FileEntry>();
        var touched = false;
        foreach (var relative in files)
        {
            var info = new FileInfo(Path.Combine(paths.Root, relative));
            if (!info.Exists || info.Length > MaxFileBytes || (info.Attributes & FileAttributes.ReparsePoint) != 0 || NonCodeExtensions.Contains(info.Extension))
            {
                continue;
            }

            if (_entries.TryGetValue(relative, out var cached) && cached.Size == info.Length && cached.ModifiedTicks == info.LastWriteTimeUtc.Ticks)
            {
                entries.Add(cached);
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false);
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0))
            {
                continue;
            }

            var hash = Convert.ToHexString(SHA256.HashData(bytes));
            if (cached is not null && cached.Hash == hash)
            {
                // Touched but unchanged: keep the analysis, remember the new timestamp.
                cached.Size = info.Length;
                cached.ModifiedTicks = info.LastWriteTimeUtc.Ticks;
                touched = true;
                entries.Add(cached);
                continue;
            }

            var entry = new FileEntry { Path = relative, Size = info.Length, ModifiedTicks = info.LastWriteTimeUtc.Ticks, Hash = hash, References = IdentifierCounter.Count(Encoding.UTF8.GetString(bytes)) };
            stale.Add(entry);
            entries.Add(entry);
        }

        if (stale.Count > 0)
        {
            await CtagsTagger.TagAsync(paths.Root, stale, processTimeout, cancellationToken).ConfigureAwait(false);
        }

        var live = entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var changed = stale.Count > 0 || _entries.Keys.Any(k => !live.Contains(k));
        _entries = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        if (changed || touched)
        {
            await cache.SaveAsync(_entries.Values, cancellationToken).ConfigureAwait(false);
        }

        return (entries, stale.Count, changed);
    }
}
