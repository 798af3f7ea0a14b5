namespace Memfun.Skills.Definitions;

/// <summary>The parsed frontmatter of a Markdown definition: its top-level fields with their lines, and where the body starts.</summary>
/// <param name="Fields">The top-level fields in file order.</param>
/// <param name="BodyLine">The 1-based line the Markdown body starts on.</param>
/// <param name="Text">The whole file.</param>
/// <param name="BodyStart">The index in <paramref name="Text"/> where the body starts.</param>
internal sealed record Frontmatter(IReadOnlyList<FrontmatterField> Fields, int BodyLine, string Text, int BodyStart)
{
    public FrontmatterField? this[string key]
    {
        get
        {
            foreach (var field in Fields)
            {
                if (string.Equals(field.Key, key, StringComparison.Ordinal))
                {
                    return field;
                }
            }

            return null;
        }
    }

    /// <summary>Gets the Markdown body (copied out of the file on each call: discovery never needs it).</summary>
    public string Body => Text[BodyStart..];

    /// <summary>Gets a value indicating whether the body is only whitespace.</summary>
    public bool BodyIsEmpty => Text.AsSpan(BodyStart).IsWhiteSpace();
}
