using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Tools.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// Builds a repository map as Aider does: symbols per file (universal-ctags), a file graph whose edges go from a
/// file that uses an identifier to the files that define it, personalised PageRank, and the highest-ranked
/// symbols rendered within a token budget (binary search over how many symbols fit).
/// </summary>
/// <remarks>
/// Per-file analysis (tags and identifier uses) is cached in memory and in <c>repomap.bin</c> under the cache
/// folder, keyed by the file's content hash; size and modification time are checked first so unchanged files are
/// not even hashed. One builder may serve concurrent calls (they are serialised).
/// </remarks>
public sealed partial class RepoMapBuilder : IDisposable
{
    private const int CacheVersion = 4;
    private const int CtagsBatch = 2000;
    private const long MaxFileBytes = 1024 * 1024;
    private const int MaxDefinersPerName = 50;
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "var", "new", "int", "string", "return", "public", "private", "protected", "static", "void", "class", "this", "self", "def", "true", "false", "null", "None",
        "True", "False", "import", "from", "using", "namespace", "const", "let", "function", "async", "await", "else", "while", "case", "break", "struct", "interface", "override", "readonly",
    };

    // Documents and data files have ctags entries (headings, keys) but are not code to map.
    private static readonly HashSet<string> NonCodeExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".markdown", ".rst", ".txt", ".json", ".yaml", ".yml", ".toml", ".xml", ".html", ".htm", ".css", ".csv", ".lock", ".ini", ".cfg", ".svg",
    };

    private readonly ToolContext _context;
    private readonly ProjectPaths _paths;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Dictionary<string, FileEntry>? _cache;
    private (string Key, RepoMapResult Result)? _last;
    private Action? _pendingAnalysis;

    /// <summary>Creates the builder.</summary>
    /// <param name="context">The tool context (root, cache folder, process timeout).</param>
    public RepoMapBuilder(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _paths = new ProjectPaths(context.ProjectRoot);
        CachePath = Path.Combine(context.CacheDirectory ?? Path.Combine(_paths.Root, ".memfun", "cache"), "repomap.bin");
    }

    /// <summary>Gets the cache file.</summary>
    public string CachePath { get; }

    /// <summary>Builds the map for <paramref name="request"/>.</summary>
    /// <param name="request">Focus and budget.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The rendered map.</returns>
    public async Task<RepoMapResult> BuildAsync(RepoMapRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.TokenBudget is < 64 or > 100_000)
        {
            throw ToolErrors.BadArgument("tokenBudget must be between 64 and 100000.");
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var focus = request.FocusFiles.Select(f => _paths.Relative(_paths.Resolve(f))).ToHashSet(StringComparer.Ordinal);
            var (entries, reanalysed, changed) = await AnalyseAsync(cancellationToken).ConfigureAwait(false);
            // Same question on the same file contents: the same answer, from memory or from the results file.
            var key = Fingerprint(entries) + "\u0001" + string.Join('\0', focus.Order(StringComparer.Ordinal)) + "\u0001" +
                string.Join('\0', request.Identifiers) + "\u0001" + request.TokenBudget.ToString(CultureInfo.InvariantCulture);
            if (_last is { } last && last.Key == key)
            {
                return last.Result with { FilesReanalysed = reanalysed };
            }

            if (!changed && await LoadResultAsync(key, cancellationToken).ConfigureAwait(false) is { } saved)
            {
                _last = (key, saved);
                return saved;
            }

            _pendingAnalysis?.Invoke();
            var ranked = Rank(entries, focus, request.Identifiers.ToHashSet(StringComparer.Ordinal));
            var (text, shown) = Fit(ranked, request.TokenBudget);
            var result = new RepoMapResult(text, entries.Count, entries.Sum(e => e.Tags.Count), shown, reanalysed);
            _last = (key, result);
            await SaveResultAsync(key, result, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private async Task<(List<FileEntry> Entries, int Reanalysed, bool Changed)> AnalyseAsync(CancellationToken cancellationToken)
    {
        _cache ??= await LoadCacheAsync(cancellationToken).ConfigureAwait(false);
        var files = await ListFilesAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<FileEntry>(files.Count);
        var stale = new List<FileEntry>();
        var touched = false;
        foreach (var relative in files)
        {
            var info = new FileInfo(Path.Combine(_paths.Root, relative));
            if (!info.Exists || info.Length > MaxFileBytes || (info.Attributes & FileAttributes.ReparsePoint) != 0 || NonCodeExtensions.Contains(info.Extension))
            {
                continue;
            }

            if (_cache.TryGetValue(relative, out var cached) && cached.Size == info.Length && cached.ModifiedTicks == info.LastWriteTimeUtc.Ticks)
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

            var entry = new FileEntry { Path = relative, Size = info.Length, ModifiedTicks = info.LastWriteTimeUtc.Ticks, Hash = hash, References = CountIdentifiers(Encoding.UTF8.GetString(bytes)) };
            stale.Add(entry);
            entries.Add(entry);
        }

        if (stale.Count > 0)
        {
            await TagAsync(stale, cancellationToken).ConfigureAwait(false);
        }

        var live = entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var changed = stale.Count > 0 || _cache.Keys.Any(k => !live.Contains(k));
        _cache = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        if (changed || touched)
        {
            await SaveCacheAsync(cancellationToken).ConfigureAwait(false);
        }

        return (entries, stale.Count, changed);
    }

    private async Task<List<string>> ListFilesAsync(CancellationToken cancellationToken)
    {
        // rg --files honours .gitignore and is the fastest walker available; fall back to a plain walk.
        var result = await ProcessRunner.TryRunAsync("rg", ["--files", "--no-config"], _paths.Root, _context.ProcessTimeout, cancellationToken).ConfigureAwait(false);
        if (result is { ExitCode: 0 or 1, TimedOut: false })
        {
            return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace('\\', '/')).Order(StringComparer.Ordinal)];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden };
        return [.. Directory.EnumerateFiles(_paths.Root, "*", options).Select(_paths.Relative)
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal) && !p.StartsWith(".memfun/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    private async Task TagAsync(List<FileEntry> entries, CancellationToken cancellationToken)
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
                var result = await ProcessRunner.TryRunAsync("ctags", ["--output-format=json", "--fields=+n", "-f", "-", "-L", listFile], _paths.Root, _context.ProcessTimeout, cancellationToken).ConfigureAwait(false)
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
                    var root = json.RootElement;
                    if (root.TryGetProperty("path", out var path) && byPath.TryGetValue(path.GetString()!.Replace('\\', '/'), out var entry))
                    {
                        entry.Tags.Add(new SymbolTag(
                            root.GetProperty("name").GetString()!,
                            root.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "symbol" : "symbol",
                            root.TryGetProperty("line", out var number) ? number.GetInt32() : 0,
                            root.TryGetProperty("scope", out var scope) ? scope.GetString() : null));
                    }
                }
            }
        }
        finally
        {
            File.Delete(listFile);
        }
    }

    private static Dictionary<string, int> CountIdentifiers(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var match in Identifier().EnumerateMatches(text))
        {
            var name = text.Substring(match.Index, match.Length);
            if (!Keywords.Contains(name))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return counts;
    }

    private static List<(FileEntry File, SymbolTag Tag, double Rank)> Rank(List<FileEntry> entries, HashSet<string> focus, HashSet<string> identifiers)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            index[entries[i].Path] = i;
        }

        var definers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var name in entries[i].Tags.Select(t => t.Name).Distinct(StringComparer.Ordinal))
            {
                if (!definers.TryGetValue(name, out var list))
                {
                    definers[name] = list = [];
                }

                list.Add(i);
            }
        }

        var edges = entries.Select(_ => new Dictionary<int, double>()).ToList();
        var identEdges = entries.Select(_ => new List<(int Target, string Name, double Weight)>()).ToArray();
        for (var source = 0; source < entries.Count; source++)
        {
            foreach (var (name, count) in entries[source].References)
            {
                // A name defined almost everywhere (ToString, Dispose, Operation1) says nothing about which file
                // matters, and its edges would grow with files × definers; leave it out of the graph.
                if (!definers.TryGetValue(name, out var targets) || targets.Count > MaxDefinersPerName)
                {
                    continue;
                }

                // Aider's weighting: mentioned identifiers count more, private and ubiquitous names less.
                var multiplier = identifiers.Contains(name) ? 10.0 : 1.0;
                if (name.StartsWith('_') || targets.Count > 5)
                {
                    multiplier *= 0.1;
                }

                var weight = multiplier * Math.Sqrt(count);
                foreach (var target in targets.Where(t => t != source))
                {
                    edges[source][target] = edges[source].GetValueOrDefault(target) + weight;
                    identEdges[source].Add((target, name, weight));
                }
            }
        }

        var personalization = new double[entries.Count];
        foreach (var file in focus)
        {
            if (index.TryGetValue(file, out var i))
            {
                personalization[i] += 1;
            }
        }

        foreach (var name in identifiers)
        {
            foreach (var i in definers.GetValueOrDefault(name) ?? [])
            {
                personalization[i] += 1;
            }
        }

        var ranks = PageRank.Compute(edges, personalization.Any(p => p > 0) ? personalization : null);

        // Spread each file's rank over the definitions it points to, in proportion to edge weight.
        var symbolRank = new Dictionary<(int File, string Name), double>();
        for (var source = 0; source < entries.Count; source++)
        {
            var total = edges[source].Values.Sum();
            if (total == 0)
            {
                continue;
            }

            foreach (var (target, name, weight) in identEdges[source])
            {
                symbolRank[(target, name)] = symbolRank.GetValueOrDefault((target, name)) + (ranks[source] * weight / total);
            }
        }

        var ranked = new List<(FileEntry, SymbolTag, double)>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (focus.Contains(entries[i].Path))
            {
                continue;
            }

            foreach (var tag in entries[i].Tags)
            {
                // Symbols nobody references still show in rank order of their file, after referenced ones.
                var rank = symbolRank.GetValueOrDefault((i, tag.Name)) + (ranks[i] * 1e-3) + (identifiers.Contains(tag.Name) ? 1 : 0);
                ranked.Add((entries[i], tag, rank));
            }
        }

        ranked.Sort((a, b) => b.Item3.CompareTo(a.Item3));
        return ranked;
    }

    private static (string Text, int Shown) Fit(List<(FileEntry File, SymbolTag Tag, double Rank)> ranked, int tokenBudget)
    {
        // The rendered size of the first n symbols is known without rendering: each line's length, plus a header
        // the first time a file appears. Binary search over n on those prefix sums, then render once.
        var prefix = new long[ranked.Count + 1];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count; i++)
        {
            var (file, tag, _) = ranked[i];
            prefix[i + 1] = prefix[i] + Line(tag).Length + (seen.Add(file.Path) ? file.Path.Length + 2 : 0);
        }

        var low = 0;
        var high = ranked.Count;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (EstimateTokens(prefix[middle]) <= tokenBudget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return (low == 0 ? "[no symbols fit the budget]\n" : Render(ranked, low), low);
    }

    private static string Render(List<(FileEntry File, SymbolTag Tag, double Rank)> ranked, int count)
    {
        var output = new StringBuilder();
        foreach (var group in ranked.Take(count).GroupBy(r => r.File.Path, StringComparer.Ordinal))
        {
            output.Append(group.Key).Append(":\n");
            foreach (var (_, tag, _) in group.OrderBy(g => g.Tag.Line))
            {
                output.Append(Line(tag));
            }
        }

        return output.ToString();
    }

    private static string Line(SymbolTag tag) =>
        string.Create(CultureInfo.InvariantCulture, $"  {tag.Line,5}: {tag.Kind} {(tag.Scope is null ? string.Empty : tag.Scope + ".")}{tag.Name}\n");

    private static long EstimateTokens(long characters) => (characters + 3) / 4;

    private static string Fingerprint(List<FileEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(entry.Path + "\0" + entry.Hash + "\n"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private string ResultsPath => Path.ChangeExtension(CachePath, ".results.bin");

    private async Task<RepoMapResult?> LoadResultAsync(string key, CancellationToken cancellationToken)
    {
        if (!File.Exists(ResultsPath))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(await File.ReadAllBytesAsync(ResultsPath, cancellationToken).ConfigureAwait(false)), Encoding.UTF8);
            if (reader.ReadInt32() != CacheVersion)
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

    private async Task SaveResultAsync(string key, RepoMapResult result, CancellationToken cancellationToken)
    {
        // The results file keeps the answer to the latest question only: enough for repeated calls, never large.
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(CacheVersion);
            writer.Write(1);
            writer.Write(key);
            writer.Write(result.Text);
            writer.Write(result.FileCount);
            writer.Write(result.SymbolCount);
            writer.Write(result.SymbolsShown);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ResultsPath)!);
        await AtomicFile.WriteAsync(ResultsPath, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, FileEntry>> LoadCacheAsync(CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        if (!File.Exists(CachePath))
        {
            return entries;
        }

        try
        {
            // Binary: first the index (path, size, time, hash), which every call needs, then a string table and
            // the analysis (tags, identifier uses), read only when a map must be ranked.
            var bytes = await File.ReadAllBytesAsync(CachePath, cancellationToken).ConfigureAwait(false);
            var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadInt32() != CacheVersion)
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

    private async Task SaveCacheAsync(CancellationToken cancellationToken)
    {
        _pendingAnalysis?.Invoke();
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
            foreach (var entry in _cache!.Values)
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
            writer.Write(CacheVersion);
            writer.Write(_cache.Count);
            foreach (var entry in _cache.Values)
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
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        await AtomicFile.WriteAsync(CachePath, file.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]{2,}")]
    private static partial Regex Identifier();
}
