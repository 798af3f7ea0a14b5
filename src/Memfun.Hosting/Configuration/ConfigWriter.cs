using System.Globalization;
using System.Text;
using Memfun.Core.Configuration;

namespace Memfun.Hosting.Configuration;

/// <summary>Renders configuration values as a commented <c>memfun.toml</c>.</summary>
public static class ConfigWriter
{
    /// <summary>
    /// Renders <paramref name="values"/> (dotted key → string, long, double, bool or list of strings) as TOML,
    /// grouped into sections in schema order, each key preceded by its description.
    /// </summary>
    public static string Render(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder();
        builder.AppendLine("# Memfun configuration. Every key: docs/configuration.md. Secrets never go here:");
        builder.AppendLine("# reference them by environment-variable name (api_key_env = \"OPENAI_API_KEY\").");
        var ordered = values
            .Select(v => (Segments: ConfigPath.Split(v.Key), v.Value, Order: Order(v.Key)))
            .OrderBy(v => v.Order)
            .ThenBy(v => ConfigPath.Join(v.Segments), StringComparer.Ordinal);
        string? currentTable = null;
        foreach (var (segments, value, _) in ordered)
        {
            var table = ConfigPath.Join(segments.Take(segments.Count - 1));
            if (!string.Equals(table, currentTable, StringComparison.Ordinal))
            {
                builder.AppendLine().Append('[').Append(table).AppendLine("]");
                currentTable = table;
            }

            if (ConfigSchema.Find(ConfigPath.Join(segments)) is { } key)
            {
                builder.Append("# ").AppendLine(key.Description);
            }

            builder.Append(ConfigPath.IsBare(segments[^1]) ? segments[^1] : ConfigPath.Quote(segments[^1]))
                .Append(" = ")
                .AppendLine(FormatValue(value));
        }

        return builder.ToString();
    }

    /// <summary>Formats one value as a TOML literal.</summary>
    public static string FormatValue(object value) => value switch
    {
        string s => ConfigPath.Quote(s),
        bool b => b ? "true" : "false",
        long or int => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("0.0###########", CultureInfo.InvariantCulture),
        IEnumerable<string> list => "[" + string.Join(", ", list.Select(ConfigPath.Quote)) + "]",
        _ => throw new ArgumentException($"Unsupported configuration value type {value.GetType().Name}.", nameof(value)),
    };

    private static int Order(string path)
    {
        for (var i = 0; i < ConfigSchema.Keys.Count; i++)
        {
            if (ConfigSchema.Keys[i].Matches(path))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
