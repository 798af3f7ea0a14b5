namespace Memfun.Tools.RepoMap;

/// <summary>A rendered repository map and how it was made.</summary>
/// <param name="Text">The map: files in rank order, each with its highest-ranked symbols.</param>
/// <param name="FileCount">Files analysed.</param>
/// <param name="SymbolCount">Symbols found in all files.</param>
/// <param name="SymbolsShown">Symbols that fit the budget.</param>
/// <param name="FilesReanalysed">Files whose cache entry was missing or stale (0 on a warm call).</param>
public sealed record RepoMapResult(string Text, int FileCount, int SymbolCount, int SymbolsShown, int FilesReanalysed)
{
    /// <summary>Gets a value indicating whether the ranking graph was built from the files' analysis for this call.</summary>
    /// <remarks>False when it came from the builder's memory or the graph file (file contents unchanged), or when the answer was cached.</remarks>
    public bool GraphRebuilt { get; init; }
}
