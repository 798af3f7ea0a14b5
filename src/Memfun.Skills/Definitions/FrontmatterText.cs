namespace Memfun.Skills.Definitions;

/// <summary>A text value (a YAML scalar).</summary>
/// <param name="text">The text; null for YAML's null.</param>
/// <param name="plain">Whether it was written plain, without quotes (YAML then reads numbers, booleans and null as such).</param>
/// <param name="line">The 1-based line of the file it starts on.</param>
internal sealed class FrontmatterText(string? text, bool plain, int line) : FrontmatterValue(line)
{
    /// <summary>Gets the text; null for YAML's null.</summary>
    public string? Text { get; } = text;

    /// <summary>Gets a value indicating whether it was written plain, without quotes.</summary>
    public bool Plain { get; } = plain;
}
