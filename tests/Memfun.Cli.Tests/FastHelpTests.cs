using Memfun.Cli.Help;
using Memfun.Core.Errors;

namespace Memfun.Cli.Tests;

/// <summary>
/// The help the process answers without building the command tree (<see cref="FastHelp"/>) is the command tree's own
/// help: same commands, arguments, options, defaults, descriptions and examples, line for line.
/// </summary>
public sealed class FastHelpTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData(400)]
    [InlineData(80)]
    public async Task EveryCommand_FastHelpIsTheCommandTreesHelp(int width)
    {
        _cli.Width = width;
        var treePaths = new List<string>();
        var differences = new List<string>();
        await CompareAsync([], treePaths, differences);

        Assert.Empty(differences);
        Assert.Equal(treePaths, CatalogPaths(CommandCatalog.Root, "").ToList());
        Assert.Contains("skill search", treePaths);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("skill", "search", "--help")]
    [InlineData("config")]
    public async Task Process_AnswersHelpFromTheCatalogWithTheTreesExitCode(params string[] args)
    {
        var tree = await _cli.RunAsync(args);
        var names = args[^1] is "--help" or "-h" ? args[..^1] : args;

        var process = await MemfunProcess.RunAsync(_cli.Project.Path, _cli.Environment, args);

        Assert.Equal(tree.ExitCode, process.ExitCode);
        Assert.Equal(args is ["config"] ? 1 : ExitCodes.Success, process.ExitCode);
        // Redirected, the fast path prints exactly the catalog's help at 80 columns (Spectre pads its lines with spaces).
        Assert.Equal(FastHelp.Render(FastHelp.Match([.. names, "--help"])!.Value.Path, 80, ansi: false, colors: false), process.Stdout);
        Assert.Equal("", process.Stderr);
    }

    [Theory]
    [InlineData("ask", "--json", "--help")]
    [InlineData("nosuch", "--help")]
    [InlineData("ask")]
    [InlineData("config", "show")]
    [InlineData("--verbose", "--help")]
    public void Match_LeavesEveryOtherCommandLineToTheCommandTree(params string[] args) => Assert.Null(FastHelp.Match(args));

    [Fact]
    public void Render_WrapsDescriptionsAtTheWidthAndColorsOnlyWhenAsked()
    {
        var path = FastHelp.Match(["ask", "--help"])!.Value.Path;

        var narrow = FastHelp.Render(path, 60, ansi: false, colors: false);
        var colored = FastHelp.Render(path, 400, ansi: true, colors: true);
        var noColor = FastHelp.Render(path, 400, ansi: true, colors: false);

        Assert.All(narrow.Split('\n'), line => Assert.True(line.Length <= 60 || !line.Contains(' ', StringComparison.Ordinal), line));
        Assert.DoesNotContain('\u001b', narrow);
        Assert.Contains("\u001b[38;5;11mUSAGE:\u001b[0m", colored, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[38;5;", noColor, StringComparison.Ordinal);
        Assert.Contains("memfun \u001b[4mask\u001b[0m", noColor, StringComparison.Ordinal);
    }

    private async Task CompareAsync(string[] path, List<string> treePaths, List<string> differences)
    {
        treePaths.Add(string.Join(' ', path));
        var tree = await _cli.RunAsync([.. path, "--help"]);
        var match = FastHelp.Match([.. path, "--help"]);
        if (match is null)
        {
            differences.Add($"`memfun {string.Join(' ', path)}` is not in CommandCatalog");
            return;
        }

        // 400 columns: nothing wraps; 80: descriptions wrap as on a narrow terminal. Spectre pads lines with spaces.
        var expected = Lines(tree.Stdout);
        var actual = Lines(FastHelp.Render(match.Value.Path, _cli.Width, ansi: false, colors: false));
        if (!expected.SequenceEqual(actual))
        {
            var line = expected.Zip(actual).FirstOrDefault(p => p.First != p.Second);
            differences.Add($"`memfun {string.Join(' ', path)} --help`: tree has \"{line.First ?? expected.Skip(actual.Count).FirstOrDefault()}\", catalog has \"{line.Second ?? actual.Skip(expected.Count).FirstOrDefault()}\"");
        }

        var inCommands = false;
        foreach (var line in expected)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inCommands = line == "COMMANDS:";
            }
            else if (inCommands && line.Length > 4 && line[4] != ' ')
            {
                await CompareAsync([.. path, line.Trim().Split(' ')[0]], treePaths, differences);
            }
        }
    }

    private static IEnumerable<string> CatalogPaths(HelpCommand command, string path)
    {
        yield return path;
        foreach (var child in command.Commands.SelectMany(c => CatalogPaths(c, (path + " " + c.Name).Trim())))
        {
            yield return child;
        }
    }

    private static List<string> Lines(string text) => [.. text.TrimEnd().Split('\n').Select(l => l.TrimEnd())];
}
