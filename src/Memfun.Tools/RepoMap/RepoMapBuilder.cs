using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Memfun.Core.Files;
using Memfun.Tools.Files;

namespace Memfun.Tools.RepoMap;

/// <summary>
/// Builds a repository map as Aider does: symbols per file (universal-ctags), a file graph whose edges go from a
/// file that uses an identifier to the files that define it, personalised PageRank, and the highest-ranked
/// symbols rendered within a token budget.
/// </summary>
/// <remarks>
/// Per-file analysis (tags and identifier uses) is cached in memory and in <c>repomap.bin</c> under the cache
/// folder, keyed by the file's content hash; size and modification time are checked first so unchanged files are
/// not even hashed. The question-independent ranking graph is kept in memory and in <c>repomap.graph.bin</c>, keyed by
/// the fingerprint of all content hashes, so a new question costs PageRank and rendering only. One builder may serve
/// concurrent calls (they are serialised).
/// </remarks>
public sealed class RepoMapBuilder : IDisposable
{
    private readonly ProjectPaths _paths;
    private readonly AnalysisCache _cache;
    private readonly ResultCache _results;
    private readonly GraphCache _graphs;
    private readonly RepoAnalyzer _analyzer;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (string Key, RepoMapResult Result)? _last;
    private (string Fingerprint, SymbolGraph Graph)? _graph;

    /// <summary>Creates the builder.</summary>
    /// <param name="context">The tool context (root, cache folder, process timeout).</param>
    public RepoMapBuilder(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _paths = new ProjectPaths(context.ProjectRoot);
        CachePath = Path.Combine(context.CacheDirectory ?? Path.Combine(_paths.Root, ".memfun", "cache"), "repomap.bin");
        _cache = new AnalysisCache(CachePath);
        _results = new ResultCache(CachePath);
        _graphs = new GraphCache(CachePath);
        _analyzer = new RepoAnalyzer(_paths, context.ProcessTimeout, _cache);
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
            var (entries, reanalysed, changed) = await _analyzer.AnalyseAsync(cancellationToken).ConfigureAwait(false);
            // Same question on the same file contents: the same answer, from memory or from the results file.
            var fingerprint = Fingerprint(entries);
            var key = fingerprint + "\u0001" + string.Join('\0', focus.Order(StringComparer.Ordinal)) + "\u0001" +
                string.Join('\0', request.Identifiers) + "\u0001" + request.TokenBudget.ToString(CultureInfo.InvariantCulture);
            if (_last is { } last && last.Key == key)
            {
                return last.Result with { FilesReanalysed = reanalysed, GraphRebuilt = false };
            }

            if (!changed && await _results.LoadAsync(key, cancellationToken).ConfigureAwait(false) is { } saved)
            {
                _last = (key, saved);
                return saved;
            }

            var rebuilt = false;
            if (_graph is not { } graph || graph.Fingerprint != fingerprint)
            {
                // The graph depends only on the file contents: from the graph file when they are unchanged, otherwise
                // rebuilt from the per-file analysis (read from the analysis cache only now).
                var loaded = changed ? null : await _graphs.LoadAsync(fingerprint, entries, cancellationToken).ConfigureAwait(false);
                if (loaded is null)
                {
                    _cache.CompleteLoad();
                    loaded = SymbolGraph.Build(entries);
                    await _graphs.SaveAsync(fingerprint, loaded, cancellationToken).ConfigureAwait(false);
                    rebuilt = true;
                }

                _graph = graph = (fingerprint, loaded);
            }

            var ranked = SymbolRanker.Rank(graph.Graph, focus, request.Identifiers.ToHashSet(StringComparer.Ordinal));
            var (text, shown) = MapRenderer.Fit(ranked, request.TokenBudget);
            var result = new RepoMapResult(text, entries.Count, graph.Graph.TagCount, shown, reanalysed) { GraphRebuilt = rebuilt };
            _last = (key, result);
            await _results.SaveAsync(key, result, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private static string Fingerprint(List<FileEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(entry.Path + "\0" + entry.Hash + "\n"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
