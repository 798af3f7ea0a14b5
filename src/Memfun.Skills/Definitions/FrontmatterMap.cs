namespace Memfun.Skills.Definitions;

/// <summary>A mapping value (a YAML mapping), its entries in file order.</summary>
/// <param name="entries">Its entries.</param>
/// <param name="line">The 1-based line of the file it starts on.</param>
internal sealed class FrontmatterMap(IReadOnlyList<KeyValuePair<FrontmatterValue, FrontmatterValue>> entries, int line) : FrontmatterValue(line)
{
    /// <summary>Gets its entries, in file order.</summary>
    public IReadOnlyList<KeyValuePair<FrontmatterValue, FrontmatterValue>> Entries { get; } = entries;
}
