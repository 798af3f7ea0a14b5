namespace Memfun.Tools.RepoMap;

/// <summary>A symbol definition with its rank in the repository map.</summary>
/// <param name="File">The file that defines it.</param>
/// <param name="Tag">The definition.</param>
/// <param name="Rank">Its share of the files' PageRank (higher is more important).</param>
internal readonly record struct RankedSymbol(FileEntry File, SymbolTag Tag, double Rank);
