using System.ComponentModel;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>Options of commands that can print JSON for scripts.</summary>
public class JsonSettings : MemfunSettings
{
    /// <summary>Gets or sets a value indicating whether to print JSON on standard output instead of text.</summary>
    [CommandOption("--json")]
    [Description("Print JSON on standard output (human-readable text goes to standard error).")]
    public bool Json { get; set; }

    /// <inheritdoc />
    internal override bool TryReadOption(string name, string[] tokens, ref int index)
    {
        if (name is not "--json")
        {
            return base.TryReadOption(name, tokens, ref index);
        }

        Json = true;
        return true;
    }
}
