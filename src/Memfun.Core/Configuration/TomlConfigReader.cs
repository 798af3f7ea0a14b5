using Memfun.Core.Errors;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Memfun.Core.Configuration;

/// <summary>Reads a TOML file into flat, located assignments, keeping the line and column of every key.</summary>
public static class TomlConfigReader
{
    /// <summary>Reads <paramref name="text"/> (the content of <paramref name="filePath"/>) into assignments in file order.</summary>
    /// <param name="text">The TOML text.</param>
    /// <param name="filePath">The file, named in every source and error.</param>
    /// <param name="kind">Which configuration layer the file is.</param>
    /// <exception cref="ConfigException">The text is not valid TOML (the error names the file, line and column).</exception>
    public static IReadOnlyList<ConfigAssignment> Read(string text, string filePath, ConfigSourceKind kind)
    {
        var document = SyntaxParser.Parse(text, filePath, true);
        var error = document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error);
        if (error is not null)
        {
            var line = error.Span.Start.Line + 1;
            var column = error.Span.Start.Column + 1;
            throw new ConfigException(MemfunErrorCodes.ConfigSyntax, $"{filePath}:{line}:{column}: invalid TOML: {error.Message}")
            {
                FilePath = filePath,
                Line = line,
                Column = column,
                Hint = "Fix the syntax at that position, or run `memfun init --force` to write a fresh file.",
            };
        }

        var assignments = new List<ConfigAssignment>();
        foreach (var keyValue in document.KeyValues)
        {
            AddKeyValue(keyValue, [], filePath, kind, assignments);
        }

        foreach (var table in document.Tables)
        {
            var prefix = KeySegments(table.Name!);
            if (table is TableArraySyntax)
            {
                assignments.Add(Located(ConfigPath.Join(prefix), new UnsupportedConfigValue("array of tables"), table.Name!, filePath, kind));
                continue;
            }

            foreach (var keyValue in table.Items)
            {
                AddKeyValue(keyValue, prefix, filePath, kind, assignments);
            }
        }

        return assignments;
    }

    private static void AddKeyValue(KeyValueSyntax keyValue, IReadOnlyList<string> prefix, string filePath, ConfigSourceKind kind, List<ConfigAssignment> assignments)
    {
        var segments = prefix.Concat(KeySegments(keyValue.Key!)).ToList();
        if (keyValue.Value is InlineTableSyntax inline)
        {
            foreach (var item in inline.Items)
            {
                AddKeyValue(item.KeyValue!, segments, filePath, kind, assignments);
            }

            return;
        }

        assignments.Add(Located(ConfigPath.Join(segments), Convert(keyValue.Value!), keyValue.Key!, filePath, kind));
    }

    private static ConfigAssignment Located(string path, object value, SyntaxNode node, string filePath, ConfigSourceKind kind) =>
        new(path, value, new ConfigSource(kind, filePath, node.Span.Start.Line + 1), node.Span.Start.Column + 1);

    private static List<string> KeySegments(KeySyntax key)
    {
        var segments = new List<string> { KeyText(key.Key!) };
        foreach (var dotted in key.DotKeys)
        {
            segments.Add(KeyText(dotted.Key!));
        }

        return segments;
    }

    private static string KeyText(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => key.ToString()!,
    };

    private static object Convert(ValueSyntax value) => value switch
    {
        StringValueSyntax s => s.Value!,
        IntegerValueSyntax i => i.Value,
        FloatValueSyntax f => f.Value,
        BooleanValueSyntax b => b.Value,
        ArraySyntax array => ConvertArray(array),
        DateTimeValueSyntax => new UnsupportedConfigValue("date"),
        _ => new UnsupportedConfigValue(value.Kind.ToString()),
    };

    private static object ConvertArray(ArraySyntax array)
    {
        var items = new List<string>();
        foreach (var item in array.Items)
        {
            if (item.Value is not StringValueSyntax s)
            {
                return new UnsupportedConfigValue("array of non-strings");
            }

            items.Add(s.Value!);
        }

        return items;
    }
}
