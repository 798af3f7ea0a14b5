using System.Text;

namespace Memfun.Core.Configuration;

/// <summary>Dotted configuration paths whose segments may themselves contain dots (quoted in TOML).</summary>
public static class ConfigPath
{
    /// <summary>Joins segments into a dotted path, quoting a segment that is not a bare TOML key.</summary>
    public static string Join(IEnumerable<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(IsBare(segment) ? segment : Quote(segment));
        }

        return builder.ToString();
    }

    /// <summary>Splits a dotted path into segments, honouring double-quoted segments.</summary>
    public static IReadOnlyList<string> Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < path.Length)
                {
                    current.Append(path[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '.')
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>Returns whether <paramref name="segment"/> can be written as a bare TOML key.</summary>
    public static bool IsBare(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Quotes a string as a TOML basic string.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
