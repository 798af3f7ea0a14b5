using System.Text.RegularExpressions;

namespace Memfun.Tools.RepoMap;

/// <summary>Counts the identifiers a file uses (words of three or more characters, common keywords left out).</summary>
internal static partial class IdentifierCounter
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "var", "new", "int", "string", "return", "public", "private", "protected", "static", "void", "class", "this", "self", "def", "true", "false", "null", "None",
        "True", "False", "import", "from", "using", "namespace", "const", "let", "function", "async", "await", "else", "while", "case", "break", "struct", "interface", "override", "readonly",
    };

    /// <summary>Returns each identifier of <paramref name="text"/> with how often it occurs.</summary>
    public static Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var match in Identifier().EnumerateMatches(text))
        {
            var name = text.Substring(match.Index, match.Length);
            if (!Keywords.Contains(name))
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return counts;
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]{2,}")]
    private static partial Regex Identifier();
}
