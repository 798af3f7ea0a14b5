namespace Memfun.Hosting.Agents;

/// <summary>One memory file that was found.</summary>
/// <param name="Path">Its path relative to the project root.</param>
/// <param name="Chars">Its length in characters (trimmed).</param>
/// <param name="IncludedChars">How many of them reached the prompt (less when the budget cut it).</param>
public sealed record ProjectMemoryFile(string Path, int Chars, int IncludedChars)
{
    /// <summary>Gets a value indicating whether the budget cut the file.</summary>
    public bool Truncated => IncludedChars < Chars;
}
