using System.Text;

namespace Memfun.Cli.Rendering;

/// <summary>
/// Makes text that the model wrote safe to show on a terminal. The model's text can be steered by what it reads (a
/// repository, a web page), so a control character in it is shown as <c>^X</c> instead of being sent: no escape
/// sequence reaches the terminal to set its clipboard, retitle it or redraw the screen.
/// </summary>
public static class TerminalText
{
    /// <summary>Returns <paramref name="text"/> with its control characters made inert (line ends and tabs kept).</summary>
    public static string Inert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasControls(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var character in text)
        {
            if (character == '\n')
            {
                builder.Append(character);
            }
            else
            {
                AppendInert(builder, character);
            }
        }

        return builder.ToString();
    }

    // A loop, not LINQ over the string's characters: Inert runs on every cell of every listing, from the first (issue 20).
    private static bool HasControls(string text)
    {
        foreach (var character in text)
        {
            if (char.IsControl(character) && character is not '\n' and not '\t')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends one character of a line: printable ones and tabs as they are, C0 controls and DEL as <c>^X</c>.</summary>
    /// <remarks>A carriage return (of a CRLF line end) and the C1 controls are dropped.</remarks>
    internal static void AppendInert(StringBuilder line, char character)
    {
        if (character == '\t' || !char.IsControl(character))
        {
            line.Append(character);
        }
        else if (character is not '\r' and (< ' ' or '\x7f'))
        {
            line.Append('^').Append((char)(character ^ 0x40));
        }
    }
}
