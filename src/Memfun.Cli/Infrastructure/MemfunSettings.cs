using System.ComponentModel;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>Options every command takes.</summary>
public class MemfunSettings : CommandSettings
{
    /// <summary>Gets or sets a value indicating whether to show debug logs and stack traces.</summary>
    [CommandOption("-v|--verbose")]
    [Description("Show debug logs, and stack traces on errors.")]
    public bool Verbose { get; set; }

    /// <summary>
    /// Reads the option <paramref name="name"/> at <paramref name="tokens"/>[<paramref name="index"/>] (and its value after
    /// it, moving <paramref name="index"/> on) for a command run without the command tree (<see cref="DirectCommands"/>).
    /// </summary>
    /// <returns>False when it is not one of these settings' options, or its value is one the tree might read differently.</returns>
    internal virtual bool TryReadOption(string name, string[] tokens, ref int index)
    {
        if (name is not "--verbose")
        {
            return false;
        }

        Verbose = true;
        return true;
    }

    /// <summary>Reads the plain number after an option (at most nine digits, nothing the tree would read differently).</summary>
    private protected static bool TryReadNumber(string[] tokens, ref int index, out int value)
    {
        value = 0;
        if (index + 1 >= tokens.Length || tokens[index + 1] is not { Length: > 0 and < 10 } text)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        value = int.Parse(tokens[++index], System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Reads the value after an option when the tree would read it the same way: present, and not looking like another option.</summary>
    private protected static bool TryReadValue(string[] tokens, ref int index, out string value)
    {
        value = "";
        if (index + 1 >= tokens.Length || tokens[index + 1] is not { Length: > 0 } text || text.StartsWith('-'))
        {
            return false;
        }

        value = text;
        index++;
        return true;
    }
}
