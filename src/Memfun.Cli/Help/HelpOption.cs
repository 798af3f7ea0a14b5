namespace Memfun.Cli.Help;

/// <summary>One option of a command as its help shows it (<c>--help</c> itself is implied on every command).</summary>
/// <param name="Short">The one-letter name, such as <c>v</c> for <c>-v</c>; null when there is none.</param>
/// <param name="Long">The long name without dashes, such as <c>verbose</c>.</param>
/// <param name="Value">The value's name, such as <c>N</c> for <c>--count &lt;N&gt;</c>; null for a flag.</param>
/// <param name="Default">The default shown in the DEFAULT column; null when there is none.</param>
/// <param name="Description">What the option does, as the help prints it.</param>
internal sealed record HelpOption(char? Short, string Long, string? Value, string? Default, string Description);
