using System.Text.RegularExpressions;

namespace Memfun.Agent.Rlm;

/// <summary>Finds the Python code in a model reply: every fenced block tagged python, py, repl or untagged, in order.</summary>
/// <remarks>
/// Blocks in other languages (bash, json, text...) are skipped so that an explanation with a shell example is
/// not executed. An unterminated final fence (a reply cut off by the token limit) still yields its code.
/// </remarks>
public static partial class CodeExtractor
{
    /// <summary>Returns the code of <paramref name="reply"/>, or an empty string when it has none.</summary>
    public static string Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var blocks = FenceRegex().Matches(reply.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Where(m => m.Groups["lang"].Value.ToLowerInvariant() is "" or "python" or "py" or "python3" or "repl")
            .Select(m => m.Groups["code"].Value.TrimEnd())
            .Where(code => code.Length > 0);
        return string.Join("\n\n", blocks);
    }

    [GeneratedRegex(@"^[ \t]*```[ \t]*(?<lang>[A-Za-z0-9_+-]*)[^\n]*\n(?<code>.*?)(?:^[ \t]*```[ \t]*$|\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FenceRegex();
}
