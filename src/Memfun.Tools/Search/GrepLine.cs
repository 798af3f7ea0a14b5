namespace Memfun.Tools.Search;

/// <summary>One line of a ripgrep result.</summary>
/// <param name="Path">The file, relative to the project root.</param>
/// <param name="LineNumber">The 1-based line number.</param>
/// <param name="Text">The line (clipped when very long).</param>
/// <param name="IsMatch">True for a matching line, false for a context line.</param>
public sealed record GrepLine(string Path, int LineNumber, string Text, bool IsMatch);
