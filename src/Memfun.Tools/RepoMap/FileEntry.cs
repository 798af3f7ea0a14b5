namespace Memfun.Tools.RepoMap;

/// <summary>The cached analysis of one file, valid while its content hash is unchanged.</summary>
internal sealed class FileEntry
{
    public required string Path { get; init; }

    public long Size { get; set; }

    public long ModifiedTicks { get; set; }

    public required string Hash { get; set; }

    public List<SymbolTag> Tags { get; set; } = [];

    /// <summary>Gets or sets identifiers the file uses, with their counts.</summary>
    public Dictionary<string, int> References { get; set; } = new(StringComparer.Ordinal);
}
