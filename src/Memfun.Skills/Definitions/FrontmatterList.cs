namespace Memfun.Skills.Definitions;

/// <summary>A list value (a YAML sequence).</summary>
/// <param name="items">Its items.</param>
/// <param name="line">The 1-based line of the file it starts on.</param>
internal sealed class FrontmatterList(IReadOnlyList<FrontmatterValue> items, int line) : FrontmatterValue(line)
{
    /// <summary>Gets its items.</summary>
    public IReadOnlyList<FrontmatterValue> Items { get; } = items;
}
