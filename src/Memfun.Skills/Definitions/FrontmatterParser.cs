using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Memfun.Skills.Definitions;

/// <summary>
/// Splits a Markdown definition into YAML frontmatter (between two <c>---</c> lines at the top) and body, and
/// parses the YAML keeping every key's line.
/// </summary>
/// <remarks>
/// Like the clients the Agent Skills guide describes, it is lenient with one common slip: an unquoted value
/// containing <c>": "</c> (<c>description: Use when: ...</c>) is read as a string, with a warning.
/// </remarks>
internal static partial class FrontmatterParser
{
    /// <summary>Reads <paramref name="fileName"/> in <paramref name="directory"/> by the confinement rule and hands its text to <paramref name="parse"/>.</summary>
    /// <returns>The definition, or null when the file cannot be read or has errors (each added to <paramref name="issues"/>).</returns>
    public static T? Load<T>(string directory, string fileName, List<DefinitionIssue> issues, Func<string, string, T?> parse)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(parse);
        return TryReadDefinition(directory, fileName, issues) is { } text ? parse(Path.Combine(directory, fileName), text) : null;
    }

    /// <summary>Checks the arguments of a definition parser and parses the frontmatter of <paramref name="text"/>.</summary>
    /// <returns>The frontmatter, or null when it is missing or invalid (the problem is added to <paramref name="issues"/>).</returns>
    public static Frontmatter? ParseDefinition(string file, string text, List<DefinitionIssue> issues)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(issues);
        return Parse(file, text, issues);
    }

    /// <summary>
    /// Reads the definition file <paramref name="fileName"/> of the folder <paramref name="directory"/>; a file that
    /// cannot be read, or that is a link leading out of its folder, is an error issue and gives null.
    /// </summary>
    /// <remarks>
    /// Security: the file goes through the confinement rule (<see cref="ProjectPaths"/>) with its folder as the root,
    /// so a cloned project's <c>SKILL.md -&gt; ~/.ssh/id_rsa</c> is never read.
    /// </remarks>
    public static string? TryReadDefinition(string directory, string fileName, List<DefinitionIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var file = Path.Combine(directory, fileName);
        try
        {
            return DefinitionText.Read(new ProjectPaths(directory, $"the folder of {fileName}").Resolve(fileName));
        }
        catch (SecurityException e)
        {
            issues.Add(new DefinitionIssue(file, 1, null, IssueSeverity.Error, e.Message));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            issues.Add(new DefinitionIssue(file, 1, null, IssueSeverity.Error, $"cannot read the file: {e.Message}"));
            return null;
        }
    }

    /// <summary>Parses <paramref name="text"/>; returns null (with errors in <paramref name="issues"/>) when there is no usable frontmatter.</summary>
    public static Frontmatter? Parse(string file, string text, List<DefinitionIssue> issues)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        // Find the opening and closing '---' lines without splitting the whole file: bodies can be long.
        var firstEnd = LineEnd(text, 0);
        if (!IsFence(text, 0, firstEnd))
        {
            issues.Add(new DefinitionIssue(file, 1, null, IssueSeverity.Error,
                "missing frontmatter: the file must start with a '---' line, then YAML fields (name, description), then another '---' line"));
            return null;
        }

        var yamlStart = Math.Min(text.Length, firstEnd + 1);
        var closeStart = -1;
        var closeLine = 1;
        for (var start = yamlStart; start < text.Length;)
        {
            closeLine++;
            var end = LineEnd(text, start);
            if (IsFence(text, start, end))
            {
                closeStart = start;
                break;
            }

            start = end + 1;
        }

        if (closeStart < 0)
        {
            issues.Add(new DefinitionIssue(file, 1, null, IssueSeverity.Error, "the frontmatter is not closed: add a '---' line after the YAML fields"));
            return null;
        }

        var yaml = text[yamlStart..closeStart];
        var bodyStart = Math.Min(text.Length, LineEnd(text, closeStart) + 1);
        if (SimpleFrontmatter.TryRead(yaml, firstLine: 2) is { } simple)
        {
            return new Frontmatter(simple, closeLine + 1, text, bodyStart);
        }

        return ReadWithYamlDotNet(file, yaml, issues, text, closeLine + 1, bodyStart);
    }

    // Its own method, not inlined: a method loads the types it names before it first runs, and a listing of simple
    // definitions should not load YamlDotNet (issue 20).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Frontmatter? ReadWithYamlDotNet(string file, string yaml, List<DefinitionIssue> issues, string text, int bodyLine, int bodyStart)
    {
        var root = Load(file, yaml, issues, out var lenientLine);
        if (root is null)
        {
            return null;
        }

        if (lenientLine > 0)
        {
            issues.Add(new DefinitionIssue(file, lenientLine, null, IssueSeverity.Warning, "a value contains ': ' without quotes; it was read as text, but other tools may reject it: quote the value"));
        }

        var fields = new List<FrontmatterField>();
        if (root is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
                fields.Add(new FrontmatterField(name, Convert(value, depth: 0), (int)key.Start.Line + 1));
            }
        }
        else if (root is not YamlScalarNode { Value: null or "" })
        {
            issues.Add(new DefinitionIssue(file, 2, null, IssueSeverity.Error, "the frontmatter must be a YAML mapping of fields (name: ..., description: ...)"));
            return null;
        }

        return new Frontmatter(fields, bodyLine, text, bodyStart);
    }

    // The frontmatter starts on the file's second line, and YamlDotNet counts lines from 1.
    private static int LineOf(YamlNode node) => (int)node.Start.Line + 1;

    // A field's value (depth 0) and its entries (depth 1); deeper values only keep their kind, see FrontmatterValue.
    private static FrontmatterValue Convert(YamlNode node, int depth) => node switch
    {
        YamlScalarNode scalar => new FrontmatterText(scalar.Value, scalar.Style == ScalarStyle.Plain, LineOf(node)),
        YamlSequenceNode sequence => new FrontmatterList(depth > 0 ? [] : [.. sequence.Children.Select(item => Convert(item, depth + 1))], LineOf(node)),
        YamlMappingNode mapping => new FrontmatterMap(depth > 0 ? [] : [.. mapping.Children.Select(entry =>
            new KeyValuePair<FrontmatterValue, FrontmatterValue>(Convert(entry.Key, depth + 1), Convert(entry.Value, depth + 1)))], LineOf(node)),
        _ => new FrontmatterText(node.ToString(), plain: false, LineOf(node)),
    };

    private static int LineEnd(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return end < 0 ? text.Length : end;
    }

    private static bool IsFence(string text, int start, int end) =>
        text.AsSpan(start, end - start).TrimEnd("\r \t") is "---";

    // lenientLine: the file line of the first value read leniently, or 0.
    private static YamlNode? Load(string file, string yaml, List<DefinitionIssue> issues, out int lenientLine)
    {
        lenientLine = 0;
        if (yaml.Trim().Length == 0)
        {
            issues.Add(new DefinitionIssue(file, 2, null, IssueSeverity.Error, "the frontmatter is empty: add at least name and description"));
            return null;
        }

        try
        {
            return Read(yaml);
        }
        catch (YamlException first)
        {
            var quoted = UnquotedColonValue().Replace(yaml, m => $"{m.Groups[1].Value}\"{m.Groups[2].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            if (!string.Equals(quoted, yaml, StringComparison.Ordinal))
            {
                try
                {
                    var node = Read(quoted);
                    lenientLine = yaml.AsSpan(0, UnquotedColonValue().Match(yaml).Index).Count('\n') + 2;
                    return node;
                }
                catch (Exception retry) when (retry is YamlException or InvalidOperationException)
                {
                    // Report the original error, which points at what the author wrote.
                }
            }

            // Frontmatter line n is file line n + 1 (the opening '---' is line 1).
            var line = (int)first.Start.Line + 1;
            issues.Add(new DefinitionIssue(file, Math.Max(2, line), null, IssueSeverity.Error, $"invalid YAML in the frontmatter: {Describe(first)}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this when the text ends inside an unclosed bracket or quote.
            issues.Add(new DefinitionIssue(file, yaml.Split('\n').Length + 1, null, IssueSeverity.Error,
                "invalid YAML in the frontmatter: it ends inside an unclosed bracket, brace or quote"));
            return null;
        }
    }

    private static YamlNode? Read(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static string Describe(YamlException exception)
    {
        var message = exception.InnerException?.Message ?? exception.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
    }

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_-]*:[ \t]+)([^'""\[{>|&*!#\s][^\n]*:[ \t][^\n]*?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex UnquotedColonValue();
}
