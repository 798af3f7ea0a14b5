using System.Text.RegularExpressions;
using Memfun.Cli.Commands.Completion;
using Spectre.Console;

namespace Memfun.Cli.Tests;

/// <summary>The completion scripts' tree (from the written-out catalog) is the tree the real help shows.</summary>
public sealed partial class CompletionTreeTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task EveryCommandPath_HasTheSubcommandsAndOptionsItsRealHelpShows()
    {
        var fromHelp = new List<CommandNode>();
        await AddFromHelpAsync([], fromHelp);

        var tree = CommandTree.Memfun.Nodes;

        Assert.Equal(fromHelp.Select(n => string.Join(' ', n.Path)), tree.Select(n => string.Join(' ', n.Path)));
        foreach (var (expected, actual) in fromHelp.Zip(tree))
        {
            Assert.Equal(expected.Children, actual.Children);
            Assert.Equal(expected.Options, actual.Options);
        }
    }

    // The reference: each command's --help from the real command tree, read section by section.
    private async Task AddFromHelpAsync(string[] path, List<CommandNode> nodes)
    {
        var help = await HelpAsync(path);
        var children = Section(help, "COMMANDS").Select(line => line.Split(' ')[0]).Where(name => name.Length > 0).ToList();
        var options = Section(help, "OPTIONS").SelectMany(line => OptionName().Matches(line).Select(m => m.Value)).Distinct().ToList();
        if (path.Length == 0)
        {
            options.Add("--version");
        }

        nodes.Add(new CommandNode(path, children, options));
        foreach (var child in children)
        {
            await AddFromHelpAsync([.. path, child], nodes);
        }
    }

    private async Task<string> HelpAsync(string[] path)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 1000;
        await _cli.RunWithAsync((args, environment, ct) => MemfunApp.RunTreeAsync(args, environment with { Out = console }, ct), TestContext.Current.CancellationToken, [.. path, "--help"]);
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
