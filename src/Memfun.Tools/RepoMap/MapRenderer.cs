using System.Globalization;
using System.Text;

namespace Memfun.Tools.RepoMap;

/// <summary>Renders ranked symbols as the map text (a header per file, one line per symbol) within a token budget.</summary>
internal static class MapRenderer
{
    /// <summary>Renders as many of the highest-ranked symbols as fit <paramref name="tokenBudget"/>.</summary>
    /// <returns>The text and how many symbols it shows.</returns>
    public static (string Text, int Shown) Fit(IEnumerable<RankedSymbol> ranked, int tokenBudget)
    {
        // The rendered size of the first n symbols is known without rendering: each line's length, plus a header
        // the first time a file appears. Take symbols while they fit (the size only grows), then render once.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var size = 0L;
        var fitting = new List<RankedSymbol>();
        foreach (var symbol in ranked)
        {
            size += Line(symbol.Tag).Length + (seen.Add(symbol.File.Path) ? symbol.File.Path.Length + 2 : 0);
            if (EstimateTokens(size) > tokenBudget)
            {
                break;
            }

            fitting.Add(symbol);
        }

        return (fitting.Count == 0 ? "[no symbols fit the budget]\n" : Render(fitting), fitting.Count);
    }

    private static string Render(List<RankedSymbol> ranked)
    {
        var output = new StringBuilder();
        foreach (var group in ranked.GroupBy(r => r.File.Path, StringComparer.Ordinal))
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
