namespace Memfun.Skills.Definitions;

/// <summary>The parsed frontmatter of a Markdown definition: its top-level fields with their lines, and where the body starts.</summary>
/// <param name="Fields">The top-level fields in file order.</param>
/// <param name="BodyLine">The 1-based line the Markdown body starts on.</param>
/// <param name="Body">The Markdown body.</param>
internal sealed record Frontmatter(IReadOnlyList<FrontmatterField> Fields, int BodyLine, string Body)
{
    public FrontmatterField? this[string key] => Fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));
}
