using System.Globalization;
using System.Text;

namespace Memfun.Tools.Search;

/// <summary>The lines a ripgrep search found.</summary>
/// <param name="Lines">Matches and context lines in file order.</param>
/// <param name="MatchCount">How many matching lines were kept.</param>
/// <param name="Truncated">Whether the result cap cut the search short.</param>
public sealed record GrepResult(IReadOnlyList<GrepLine> Lines, int MatchCount, bool Truncated)
{
    /// <summary>Formats the result as grep does: <c>path:line:text</c>, <c>path-line-text</c> for context, <c>--</c> between groups.</summary>
    public string Format()
    {
        if (MatchCount == 0)
        {
            return "[no matches]\n";
        }

        var output = new StringBuilder();
        GrepLine? previous = null;
        var hasContext = Lines.Any(l => !l.IsMatch);
        foreach (var line in Lines)
        {
            if (previous is not null && (previous.Path != line.Path || previous.LineNumber + 1 < line.LineNumber) && hasContext)
            {
                output.Append("--\n");
            }

            output.Append(CultureInfo.InvariantCulture, $"{line.Path}{(line.IsMatch ? ':' : '-')}{line.LineNumber}{(line.IsMatch ? ':' : '-')}{line.Text}\n");
            previous = line;
        }

        var files = Lines.Where(l => l.IsMatch).Select(l => l.Path).Distinct(StringComparer.Ordinal).Count();
        output.Append(CultureInfo.InvariantCulture, $"[{MatchCount} matching line{(MatchCount == 1 ? string.Empty : "s")} in {files} file{(files == 1 ? string.Empty : "s")}");
        output.Append(Truncated ? "; more were cut off, narrow the search]\n" : "]\n");
        return output.ToString();
    }
}
