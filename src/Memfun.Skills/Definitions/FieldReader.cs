using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Memfun.Skills.Definitions;

/// <summary>Reads and checks frontmatter fields, recording each violation with the file, line and field.</summary>
internal sealed partial class FieldReader(string file, Frontmatter frontmatter, List<DefinitionIssue> issues)
{
    public const int MaxNameLength = 64;

    public string File => file;

    public Frontmatter Frontmatter => frontmatter;

    public bool HasErrors
    {
        get
        {
            foreach (var issue in issues)
            {
                if (issue.Severity == IssueSeverity.Error && issue.File == file)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Error(FrontmatterField? field, string name, string message) =>
        issues.Add(new DefinitionIssue(file, field?.Line ?? 2, name, IssueSeverity.Error, message));

    public void Warning(FrontmatterField? field, string? name, string message) =>
        issues.Add(new DefinitionIssue(file, field?.Line ?? 2, name, IssueSeverity.Warning, message));

    /// <summary>Reads a name: required; NFKC-normalised; 1-64 of a-z, 0-9 and '-'; no leading, trailing or double hyphen; equal to the folder's name.</summary>
    public string? Name(string directoryName, string kind)
    {
        var field = frontmatter["name"];
        var value = Text("name", required: true, maxLength: null);
        if (value is null)
        {
            return null;
        }

        value = Nfkc(value.Trim());
        var problem = NameProblem(value);
        if (problem is not null)
        {
            Error(field, "name", problem);
            return null;
        }

        if (!string.Equals(value, Nfkc(directoryName), StringComparison.Ordinal))
        {
            Error(field, "name", $"the name '{value}' must equal the {kind}'s folder name '{directoryName}': rename the folder or the {kind}");
            return null;
        }

        return value;
    }

    /// <summary>NFKC-normalises a name, as the reference validator does.</summary>
    /// <remarks>
    /// Memfun runs with invariant globalization, where the runtime may leave non-ASCII text unnormalised; the
    /// fullwidth forms (U+FF01-U+FF5E), the compatibility characters most likely in a name, are mapped by hand. ASCII
    /// text, which normalisation leaves as it is, is returned at once: every listing command checks every name.
    /// </remarks>
    public static string Nfkc(string text) => Ascii.IsValid(text) ? text : NormalizeNonAscii(text);

    // Apart from Nfkc, so that its types are loaded only for a name that needs them.
    private static string NormalizeNonAscii(string text)
    {
        try
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }
        catch (PlatformNotSupportedException)
        {
            // Fall through to the fullwidth mapping below.
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= '\uFF01' and <= '\uFF5E' ? (char)(source[i] - 0xFEE0) : source[i];
            }
        });
    }

    /// <summary>Returns why <paramref name="name"/> is not a valid skill or agent name, or null when it is.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty: use 1-64 lowercase letters, digits and hyphens";
        }

        if (name.Length > MaxNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the name is {name.Length} characters; the limit is {MaxNameLength}");
        }

        foreach (var bad in name)
        {
            if (bad is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            {
                continue;
            }

            return $"the name '{name}' contains '{bad}': use only lowercase letters a-z, digits and hyphens";
        }

        if (name.StartsWith('-') || name.EndsWith('-'))
        {
            return $"the name '{name}' starts or ends with a hyphen";
        }

        return name.Contains("--", StringComparison.Ordinal) ? $"the name '{name}' contains a double hyphen '--'" : null;
    }

    /// <summary>Reads a string field; an absent optional field is null.</summary>
    /// <param name="name">The field.</param>
    /// <param name="required">Whether a missing field is an error.</param>
    /// <param name="maxLength">The longest value allowed, if any.</param>
    /// <param name="stringOnly">Whether an unquoted number, boolean or null (YAML's core schema) is an error rather than its text.</param>
    public string? Text(string name, bool required, int? maxLength, bool stringOnly = false)
    {
        var field = frontmatter[name];
        if (field is null)
        {
            if (required)
            {
                Error(null, name, $"the required field '{name}' is missing");
            }

            return null;
        }

        if (field.Value is not FrontmatterText scalar)
        {
            Error(field, name, $"'{name}' must be text, not a {(field.Value is FrontmatterList ? "list" : "mapping")}");
            return null;
        }

        var value = scalar.Text ?? "";
        if (stringOnly && scalar.Plain && IsNonStringScalar(value))
        {
            Error(field, name, $"'{name}' must be a string, not the YAML value {value}: quote it (\"{value}\") or write it as text");
            return null;
        }

        if (value.Trim().Length == 0)
        {
            Error(field, name, $"'{name}' is empty{(required ? "" : ": remove it or give it a value")}");
            return null;
        }

        if (maxLength is { } max && value.Length > max)
        {
            Error(field, name, string.Create(CultureInfo.InvariantCulture, $"'{name}' is {value.Length} characters; the limit is {max}"));
            return null;
        }

        return value;
    }

    /// <summary>Reads a string-to-string map.</summary>
    public IReadOnlyDictionary<string, string> Map(string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var field = frontmatter[name];
        if (field is null)
        {
            return result;
        }

        if (field.Value is not FrontmatterMap mapping)
        {
            Error(field, name, $"'{name}' must be a mapping of text keys to text values");
            return result;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (key is not FrontmatterText { Text: { } k } || value is not FrontmatterText { Text: { } v })
            {
                issues.Add(new DefinitionIssue(file, key.Line, name, IssueSeverity.Error, $"every entry of '{name}' must map text to text (quote numbers and nested values)"));
                continue;
            }

            result[k] = v;
        }

        return result;
    }

    /// <summary>Reads a list given as YAML sequence or as space- or comma-separated text.</summary>
    public IReadOnlyList<string> Words(string name, bool textPreferred)
    {
        var field = frontmatter[name];
        switch (field?.Value)
        {
            case null:
                return [];
            case FrontmatterText scalar:
                return (scalar.Text ?? "").Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case FrontmatterList sequence:
                if (textPreferred)
                {
                    Warning(field, name, $"'{name}' is a list; the specification expects space-separated text ({name}: Read Grep), which other tools require");
                }

                var items = new List<string>();
                foreach (var item in sequence.Items)
                {
                    if (item is FrontmatterText { Text: { Length: > 0 } text })
                    {
                        items.Add(text.Trim());
                    }
                    else
                    {
                        Error(field, name, $"every entry of '{name}' must be text");
                    }
                }

                return items;
            default:
                Error(field, name, $"'{name}' must be text or a list, not a mapping");
                return [];
        }
    }

    /// <summary>Reads <paramref name="name"/> as tools; unknown names are warnings.</summary>
    public IReadOnlyList<ToolRequest> Tools(string name)
    {
        var field = frontmatter[name];
        IReadOnlyList<ToolRequest> tools;
        if (field?.Value is FrontmatterText { Text: { } text })
        {
            tools = ToolRequest.ParseList(text);
        }
        else
        {
            var words = Words(name, textPreferred: true);
            var parsed = new List<ToolRequest>(words.Count);
            foreach (var word in words)
            {
                parsed.Add(ToolRequest.Parse(word));
            }

            tools = parsed;
        }

        // Loops, not LINQ, here and below: this runs for every definition at the start of every listing (issue 20).
        foreach (var tool in tools)
        {
            if (tool.Kind == ToolKind.Unknown)
            {
                Warning(field, name, $"unknown tool '{tool.Text}' is ignored (Memfun knows Read, Glob, LS, Grep, Edit, MultiEdit, Write, Bash, WebFetch, WebSearch)");
            }
        }

        return tools;
    }

    /// <summary>Warns about every field not in <paramref name="known"/>.</summary>
    /// <remarks>Plain loops here and in <see cref="HasErrors"/>: every listing command parses definitions, and the first use of a LINQ operator costs it more than the check (issue 20).</remarks>
    public void UnknownFields(IReadOnlyList<string> known, string kind)
    {
        foreach (var field in frontmatter.Fields)
        {
            if (!IsKnown(known, field.Key))
            {
                Warning(field, field.Key, $"unknown field '{field.Key}' is ignored (a {kind} may have {string.Join(", ", known)}); put extra data under metadata");
            }
        }
    }

    private static bool IsKnown(IReadOnlyList<string> known, string key)
    {
        foreach (var name in known)
        {
            if (name == key)
            {
                return true;
            }
        }

        return false;
    }

    // Plain scalars that YAML's core schema reads as a number, a boolean or null rather than a string. Text starting with
    // a letter is one only as true, false or null (in three casings each), so the expression runs only for text starting
    // with a digit, a sign or a dot (the check runs on every field of every definition).
    private static bool IsNonStringScalar(string value) =>
        value.Length > 0 && (char.IsAsciiLetter(value[0])
            ? value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE" or "null" or "Null" or "NULL"
            : value == "~" || NonStringScalar().IsMatch(value));

    [GeneratedRegex(@"^([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$")]
    private static partial Regex NonStringScalar();
}
