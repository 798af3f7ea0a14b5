namespace Memfun.Skills.Definitions;

/// <summary>One top-level frontmatter field.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
/// <param name="Line">The 1-based line of the key in the file.</param>
internal sealed record FrontmatterField(string Key, FrontmatterValue Value, int Line);
