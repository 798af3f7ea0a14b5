namespace Memfun.Cli.Rendering;

/// <summary>
/// The terminal rules the plain-text paths share with Spectre.Console (help, errors): escape sequences only on a
/// terminal that is not <c>TERM=dumb</c>, colours only when <c>NO_COLOR</c> is unset as well.
/// </summary>
internal static class Ansi
{
    /// <summary>Returns whether a stream may carry escape sequences (underline, bold).</summary>
    /// <param name="redirected">Whether the stream goes to a file or a pipe.</param>
    public static bool Supported(bool redirected) =>
        !redirected && Environment.GetEnvironmentVariable("TERM") is { Length: > 0 } term && term != "dumb";

    /// <summary>Returns whether a stream may carry colours.</summary>
    /// <param name="redirected">Whether the stream goes to a file or a pipe.</param>
    public static bool Colors(bool redirected) =>
        Supported(redirected) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>The 256-colour number of the markup colour <c>red</c> (errors).</summary>
    public const string Red = "9";

    /// <summary>The 256-colour number of the markup colour <c>green</c> (success).</summary>
    public const string Green = "2";

    /// <summary>The 256-colour number of the markup colour <c>yellow</c> (warnings, hints).</summary>
    public const string Yellow = "11";

    /// <summary>The 256-colour number of aqua (headings of steps).</summary>
    public const string Cyan = "14";

    /// <summary>The 256-colour number of the markup colour <c>grey</c> (error codes, asides).</summary>
    public const string Grey = "8";

    /// <summary>Returns <paramref name="text"/> in the 256-colour palette's colour <paramref name="code"/>.</summary>
    public static string Paint(string code, string text) => "\u001b[38;5;" + code + "m" + text + "\u001b[0m";

    /// <summary>Returns <paramref name="text"/> in bold.</summary>
    public static string Bold(string text) => "\u001b[1m" + text + "\u001b[0m";
}
