namespace Memfun.Skills.Definitions;

/// <summary>
/// A frontmatter value as the field checks read it: <see cref="FrontmatterText"/>, <see cref="FrontmatterList"/> or
/// <see cref="FrontmatterMap"/>.
/// </summary>
/// <remarks>
/// Simple frontmatter is read into these directly (<see cref="SimpleFrontmatter"/>), so a listing loads no YAML library
/// at all (issue 20); anything else is read by YamlDotNet and converted two levels deep, a field's value and its
/// entries, which is all a field check looks at. Deeper entries become empty lists or maps of their kind, so an alias
/// bomb or a self-referencing anchor is never expanded.
/// </remarks>
internal abstract class FrontmatterValue
{
    private protected FrontmatterValue(int line) => Line = line;

    /// <summary>Gets the 1-based line of the file the value starts on.</summary>
    public int Line { get; }
}
