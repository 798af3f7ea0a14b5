namespace Memfun.Skills.Definitions;

/// <summary>
/// Reads the frontmatter most definitions have — <c>key: value</c> lines with plain or simply quoted text, and
/// mappings one level deep (<c>metadata:</c>) — without YamlDotNet's parser, whose first use costs more than a
/// listing command's whole start-up (its scanner compiles a regular expression to IL, issue 20), and into
/// <see cref="FrontmatterValue"/>s, so YamlDotNet is not even loaded. Anything else gives null, and
/// <see cref="FrontmatterParser"/> hands the text to YamlDotNet, so the result never differs.
/// </summary>
internal static class SimpleFrontmatter
{
    // A plain value may not start with one of these: YAML gives them meanings (lists, flows, anchors, tags, blocks...).
    private const string Indicators = "-?:,[]{}#&*!|>'\"%@`";

    /// <summary>Returns the fields of <paramref name="yaml"/> (the text between the fences), or null when it is not of the simple form.</summary>
    /// <param name="yaml">The frontmatter text.</param>
    /// <param name="firstLine">The file line of the frontmatter's first line.</param>
    public static List<FrontmatterField>? TryRead(string yaml, int firstLine)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var fields = new List<FrontmatterField>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        OpenMapping? open = null;
        var openIndent = 0;
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Contains('\t', StringComparison.Ordinal))
            {
                return null;
            }

            var content = line.TrimStart(' ');
            if (content.Length == 0 || content[0] == '#')
            {
                continue;
            }

            if (TrySplit(content) is not var (key, value))
            {
                return null;
            }

            var indent = line.Length - content.Length;
            if (indent == 0)
            {
                if (!Close(fields, ref open) || !keys.Add(key))
                {
                    return null;
                }

                if (value.Length == 0)
                {
                    open = new OpenMapping(key, firstLine + i);
                    openIndent = 0;
                }
                else if (Scalar(value, firstLine + i) is { } scalar)
                {
                    fields.Add(new FrontmatterField(key, scalar, firstLine + i));
                }
                else
                {
                    return null;
                }
            }
            else
            {
                // An entry of the open mapping, all at one indentation; anything else (a multi-line value, deeper nesting) is not simple.
                if (open is not { } mapping || (openIndent != 0 && indent != openIndent) || !mapping.Keys.Add(key) || Scalar(value, firstLine + i) is not { } scalar)
                {
                    return null;
                }

                openIndent = indent;
                mapping.Entries.Add(new(new FrontmatterText(key, plain: true, firstLine + i), scalar));
            }
        }

        return Close(fields, ref open) && fields.Count > 0 ? fields : null;
    }

    // Adds the open mapping as a field; false when it has no entries (YAML reads a bare "key:" as null, left to YamlDotNet).
    private static bool Close(List<FrontmatterField> fields, ref OpenMapping? open)
    {
        if (open is not { } mapping)
        {
            return true;
        }

        open = null;
        if (mapping.Keys.Count == 0)
        {
            return false;
        }

        fields.Add(new FrontmatterField(mapping.Key, new FrontmatterMap(mapping.Entries, mapping.Entries[0].Key.Line), mapping.Line));
        return true;
    }

    // "name: value" with a name of letters, digits, '-' and '_'; the value without surrounding spaces (empty for "name:").
    private static (string Key, string Value)? TrySplit(string content)
    {
        var colon = content.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(content[0]) || !IsKey(content.AsSpan(0, colon)))
        {
            return null;
        }

        var rest = content[(colon + 1)..];
        if (rest.Length > 0 && rest[0] != ' ')
        {
            return null;
        }

        return (content[..colon], rest.Trim(' '));
    }

    private static bool IsKey(ReadOnlySpan<char> key)
    {
        foreach (var character in key)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    // A one-line value: plain text, or text in double or single quotes that needs no escaping.
    private static FrontmatterText? Scalar(string value, int line)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value[0] is '"' or '\'')
        {
            var quote = value[0];
            var inner = value.Length >= 2 && value[^1] == quote ? value[1..^1] : null;
            return inner is null || inner.Contains(quote, StringComparison.Ordinal) || (quote == '"' && inner.Contains('\\', StringComparison.Ordinal))
                ? null
                : new FrontmatterText(inner, plain: false, line);
        }

        return Indicators.Contains(value[0], StringComparison.Ordinal) || value.Contains(": ", StringComparison.Ordinal)
            || value.Contains(" #", StringComparison.Ordinal) || value[^1] == ':'
            ? null
            : new FrontmatterText(value, plain: true, line);
    }

    // A top-level key whose entries follow on indented lines. A class, not a tuple: a nullable tuple of four is compiled
    // at run time even in a ReadyToRun build (issue 20).
    private sealed class OpenMapping(string key, int line)
    {
        public string Key { get; } = key;

        public int Line { get; } = line;

        public List<KeyValuePair<FrontmatterValue, FrontmatterValue>> Entries { get; } = [];

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
