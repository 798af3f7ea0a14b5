using System.Text.RegularExpressions;
using Memfun.Cli.Infrastructure;
using Spectre.Console;

namespace Memfun.Cli.Commands.Completion;

/// <summary>
/// The command tree as <c>--help</c> shows it: each command path with its subcommands and options. It is read from
/// the real help of each command (run in-process), so completion never drifts from the commands and options.
/// </summary>
internal sealed partial class CommandTree
{
    private CommandTree(IReadOnlyList<CommandNode> nodes) => Nodes = nodes;

    /// <summary>Gets every command path, the root (an empty path) first.</summary>
    public IReadOnlyList<CommandNode> Nodes { get; }

    /// <summary>Reads the tree from the help of <paramref name="environment"/>'s command tree.</summary>
    public static async Task<CommandTree> ReadAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        var nodes = new List<CommandNode>();
        await AddAsync(environment, [], nodes, cancellationToken).ConfigureAwait(false);
        return new CommandTree(nodes);
    }

    private static async Task AddAsync(CliEnvironment environment, string[] path, List<CommandNode> nodes, CancellationToken cancellationToken)
    {
        var help = await HelpAsync(environment, path, cancellationToken).ConfigureAwait(false);
        var children = Section(help, "COMMANDS").Select(line => line.Split(' ')[0]).Where(name => name.Length > 0).ToList();
        var options = Section(help, "OPTIONS").SelectMany(line => OptionName().Matches(line).Select(m => m.Value)).Distinct().ToList();
        if (path.Length == 0)
        {
            options.Add("--version");
        }

        nodes.Add(new CommandNode(path, children, options));
        foreach (var child in children)
        {
            await AddAsync(environment, [.. path, child], nodes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> HelpAsync(CliEnvironment environment, string[] path, CancellationToken cancellationToken)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 1000;
        await MemfunApp.RunAsync([.. path, "--help"], environment with { Out = console }, cancellationToken).ConfigureAwait(false);
        return writer.ToString();
    }

    private static IEnumerable<string> Section(string help, string title)
    {
        var inSection = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inSection = line.TrimEnd() == title + ":";
                continue;
            }

            if (inSection && line.Trim().Length > 0)
            {
                yield return line.Trim().Split("  ", 2)[0];
            }
        }
    }

    [GeneratedRegex("(?<![\\w-])--?[a-zA-Z][a-zA-Z0-9-]*")]
    private static partial Regex OptionName();
}
