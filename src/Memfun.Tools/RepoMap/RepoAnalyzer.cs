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
    /// <remarks>
    /// Files whose size or time changed are read, hashed and counted on every core while ctags tags them at the same
    /// time (one process per core); a file that turns out unchanged keeps its cached analysis and its new tags are dropped.
    /// </remarks>
    public async Task<(List<FileEntry> Entries, int Reanalysed, bool Changed)> AnalyseAsync(CancellationToken cancellationToken)
    {
        // The listing runs in its own process while the cache's index is read.
        var listing = RepoFiles.ListAsync(paths, processTimeout, cancellationToken);
        _entries ??= await cache.LoadAsync(cancellationToken).ConfigureAwait(false);
        var files = await listing.ConfigureAwait(false);
        var slots = new FileEntry?[files.Count];
        var stale = new (FileInfo Info, FileEntry? Cached)?[files.Count];

        // One status call per file, on every core: for a warm map of thousands of files this is most of the work.
        var known = _entries;
        Parallel.For(0, files.Count, i =>
        {
            if (NonCodeExtensions.Contains(Path.GetExtension(files[i])))
            {
                return;
            }

            var info = new FileInfo(Path.Combine(paths.Root, files[i]));
            if (!info.Exists || info.Length > MaxFileBytes || (info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                return;
            }

            if (known.TryGetValue(files[i], out var cached) && cached.Size == info.Length && cached.ModifiedTicks == info.LastWriteTimeUtc.Ticks)
            {
                slots[i] = cached;
            }
            else
            {
                stale[i] = (info, cached);
            }
        });
        var toRead = new List<(int Slot, FileInfo Info, FileEntry? Cached)>();
        for (var i = 0; i < stale.Length; i++)
        {
            if (stale[i] is var (info, cached))
            {
                toRead.Add((i, info, cached));
            }
        }

        var tagging = toRead.Count > 0
            ? CtagsTagger.TagAsync(paths.Root, [.. toRead.Select(r => files[r.Slot])], processTimeout, cancellationToken)
            : Task.FromResult(new Dictionary<string, List<SymbolTag>>(StringComparer.Ordinal));
        var fresh = new bool[files.Count];
        var touched = 0;
        try
        {
            await Parallel.ForEachAsync(toRead, new ParallelOptions { CancellationToken = cancellationToken }, async (item, token) =>
            {
                var bytes = await File.ReadAllBytesAsync(item.Info.FullName, token).ConfigureAwait(false);
                if (bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0))
                {
                    return;
                }

                var hash = Convert.ToHexString(SHA256.HashData(bytes));
                if (item.Cached is { } cached && cached.Hash == hash)
                {
                    // Touched but unchanged: keep the analysis, remember the new timestamp.
                    cached.Size = item.Info.Length;
                    cached.ModifiedTicks = item.Info.LastWriteTimeUtc.Ticks;
                    slots[item.Slot] = cached;
                    Interlocked.Increment(ref touched);
                    return;
                }

                slots[item.Slot] = new FileEntry { Path = files[item.Slot], Size = item.Info.Length, ModifiedTicks = item.Info.LastWriteTimeUtc.Ticks, Hash = hash, References = IdentifierCounter.Count(Encoding.UTF8.GetString(bytes)) };
                fresh[item.Slot] = true;
            }).ConfigureAwait(false);
        }
        finally
        {
            // Never leave ctags running past a failed or cancelled read.
            await ((Task)tagging).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var tags = await tagging.ConfigureAwait(false);
        var entries = new List<FileEntry>(files.Count);
        var reanalysed = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] is not { } entry)
            {
                continue;
            }

            if (fresh[i])
            {
                entry.Tags = tags[entry.Path];
                reanalysed++;
            }

            entries.Add(entry);
        }

        var live = entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var changed = reanalysed > 0 || _entries.Keys.Any(k => !live.Contains(k));
        _entries = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        if (changed || touched > 0)
        {
            await cache.SaveAsync(_entries.Values, cancellationToken).ConfigureAwait(false);
        }

        return (entries, reanalysed, changed);
    }
}
