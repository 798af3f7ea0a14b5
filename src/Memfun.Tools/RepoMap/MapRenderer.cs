using System.Globalization;
using System.Text;

namespace Memfun.Tools.RepoMap;

/// <summary>Renders ranked symbols as the map text (a header per file, one line per symbol) within a token budget.</summary>
internal static class MapRenderer
{
    /// <summary>Renders as many of the highest-ranked symbols as fit <paramref name="tokenBudget"/>.</summary>
    /// <returns>The text and how many symbols it shows.</returns>
    public static (string Text, int Shown) Fit(List<RankedSymbol> ranked, int tokenBudget)
    {
        // The rendered size of the first n symbols is known without rendering: each line's length, plus a header
        // the first time a file appears. Binary search over n on those prefix sums, then render once.
        var prefix = new long[ranked.Count + 1];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count; i++)
        {
            var (file, tag, _) = ranked[i];
            prefix[i + 1] = prefix[i] + Line(tag).Length + (seen.Add(file.Path) ? file.Path.Length + 2 : 0);
        }

        var low = 0;
        var high = ranked.Count;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (EstimateTokens(prefix[middle]) <= tokenBudget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return (low == 0 ? "[no symbols fit the budget]\n" : Render(ranked, low), low);
    }

    private static string Render(List<RankedSymbol> ranked, int count)
    {
        var output = new StringBuilder();
        foreach (var group in ranked.Take(count).GroupBy(r => r.File.Path, StringComparer.Ordinal))
        {
            output.Append(group.Key).Append(":\n");
            foreach (var symbol in group.OrderBy(g => g.Tag.Line))
            {
                output.Append(Line(symbol.Tag));
            }
        }

        return output.ToString();
    }

    private static string Line(SymbolTag tag) =>
        string.Create(CultureInfo.InvariantCulture, $"  {tag.Line,5}: {tag.Kind} {(tag.Scope is null ? string.Empty : tag.Scope + ".")}{tag.Name}\n");

    private static long EstimateTokens(long characters) => (characters + 3) / 4;
}
