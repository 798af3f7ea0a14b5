namespace Memfun.Tools.RepoMap;

/// <summary>Counts the identifiers a file uses (words of three or more characters, common keywords left out).</summary>
internal static class IdentifierCounter
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "var", "new", "int", "string", "return", "public", "private", "protected", "static", "void", "class", "this", "self", "def", "true", "false", "null", "None",
        "True", "False", "import", "from", "using", "namespace", "const", "let", "function", "async", "await", "else", "while", "case", "break", "struct", "interface", "override", "readonly",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup = Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Returns each identifier of <paramref name="text"/> (<c>[A-Za-z_][A-Za-z0-9_]{2,}</c>) with how often it occurs.</summary>
    /// <remarks>A hand-written scanner: a name is allocated once per file, not once per occurrence.</remarks>
    public static Dictionary<string, int> Count(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (!IsStart(c))
            {
                // As the pattern would: a match may start right after a digit ("0x1F" holds "x1F").
                i++;
                continue;
            }

            var start = i++;
            while (i < span.Length && IsPart(span[i]))
            {
                i++;
            }

            var name = span[start..i];
            if (name.Length >= 3 && !KeywordLookup.Contains(name))
            {
                lookup[name] = lookup.TryGetValue(name, out var count) ? count + 1 : 1;
            }
        }

        return counts;
    }

    private static bool IsStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
