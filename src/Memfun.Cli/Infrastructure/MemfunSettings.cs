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
}
