namespace Memfun.Cli.Infrastructure;

/// <summary>The shorthands of the command line, rewritten before the command tree parses it.</summary>
internal static class CommandLine
{
    /// <summary>
    /// Returns <paramref name="args"/> with the shorthands expanded: a leading <c>-v</c> is <c>--verbose</c> (as in every
    /// command, not Spectre's <c>--version</c>), and no command at all (<c>memfun</c>, <c>memfun --continue</c>) is <c>chat</c>.
    /// </summary>
    public static string[] Normalize(string[] args)
    {
        if (args is ["-v" or "--verbose", .. var rest])
        {
            args = [.. rest, "--verbose"];
        }

        foreach (var arg in args)
        {
            if (!arg.StartsWith('-') || arg is "-h" or "--help" or "--version")
            {
                return args;
            }
        }

        return ["chat", .. args];
    }
}
