namespace Memfun.Skills.Definitions;

/// <summary>One entry of <c>allowed-tools</c>, such as <c>Read</c> or <c>Bash(git:*)</c>.</summary>
/// <param name="Text">The entry as written.</param>
/// <param name="Kind">What it lets the skill do.</param>
/// <param name="Pattern">The argument in parentheses (<c>git:*</c>), or null.</param>
public sealed record ToolRequest(string Text, ToolKind Kind, string? Pattern)
{

    /// <summary>Splits a space-separated <c>allowed-tools</c> value; spaces inside parentheses do not split.</summary>
    public static IReadOnlyList<ToolRequest> ParseList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new List<ToolRequest>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ' ';
            depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
            var separator = depth == 0 && (char.IsWhiteSpace(c) || c == ',');
            if (separator && start >= 0)
            {
                result.Add(Parse(value[start..i]));
                start = -1;
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }

        return result;
    }

    /// <summary>Returns the entries as written, in order.</summary>
    /// <remarks>A loop, not LINQ: the listing commands call it at start-up, where a first LINQ operator costs more (issue 20).</remarks>
    public static string[] Texts(IReadOnlyList<ToolRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var texts = new string[requests.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = requests[i].Text;
        }

        return texts;
    }

    /// <summary>Parses one entry.</summary>
    public static ToolRequest Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = open > 0 && text.EndsWith(')') ? text[..open] : text;
        var pattern = open > 0 && text.EndsWith(')') ? text[(open + 1)..^1].Trim() : null;
        return new ToolRequest(text, KindOf(name), string.IsNullOrEmpty(pattern) ? null : pattern);
    }

    // The tool names of Agent Skills' allowed-tools (Claude Code's), any case. A switch rather than a dictionary of
    // enum values, which is compiled at run time even in a ReadyToRun build and costs every listing command (issue 20).
    private static ToolKind KindOf(string name) => name.ToUpperInvariant() switch
    {
        "READ" => ToolKind.Read,
        "GLOB" or "LS" => ToolKind.List,
        "GREP" => ToolKind.Search,
        "EDIT" or "MULTIEDIT" => ToolKind.Edit,
        "WRITE" => ToolKind.Write,
        "BASH" => ToolKind.Command,
        "WEBFETCH" or "WEBSEARCH" => ToolKind.Network,
        _ => ToolKind.Unknown,
    };

    /// <summary>Returns whether this <c>Bash(...)</c> entry permits running <paramref name="command"/> (program and arguments).</summary>
    /// <remarks><c>Bash</c> alone permits any command; <c>Bash(git:*)</c> permits <c>git</c> with any arguments; <c>Bash(git status)</c> only that exact command.</remarks>
    public bool Permits(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Kind != ToolKind.Command || command.Count == 0)
        {
            return false;
        }

        if (Pattern is null || Pattern == "*")
        {
            return true;
        }

        var line = string.Join(' ', command);
        if (Pattern.EndsWith(":*", StringComparison.Ordinal))
        {
            var prefix = Pattern[..^2];
            return string.Equals(line, prefix, StringComparison.Ordinal) || line.StartsWith(prefix + " ", StringComparison.Ordinal);
        }

        return Pattern.EndsWith('*') ? line.StartsWith(Pattern[..^1], StringComparison.Ordinal) : string.Equals(line, Pattern, StringComparison.Ordinal);
    }
}
