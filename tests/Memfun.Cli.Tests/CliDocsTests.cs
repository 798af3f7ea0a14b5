using System.Text.RegularExpressions;
using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>Keeps docs/cli.md true to the command tree: every command and every option the real help shows is documented.</summary>
public sealed partial class CliDocsTests : IDisposable
{
    private static readonly string[] CommonOptions = ["--help", "--version"];
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task CliReference_DocumentsEveryCommandAndOption()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "cli.md"), TestContext.Current.CancellationToken);
        var missing = new List<string>();
        var commands = await LeafCommandsAsync([]);
        Assert.Contains(commands, command => command is ["mcp", "serve"]);
        foreach (var command in commands)
        {
            var path = string.Join(' ', command);
            if (!DocumentsCommand(docs, command))
            {
                missing.Add($"command `memfun {path}`");
            }

            var help = await _cli.RunAsync([.. command, "--help"]);
            foreach (var option in Section(help.Stdout, "OPTIONS").SelectMany(line => LongOption().Matches(line).Select(m => m.Value)).Distinct())
            {
                if (!CommonOptions.Contains(option) && !docs.Contains(option, StringComparison.Ordinal))
                {
                    missing.Add($"option {option} of `memfun {path}`");
                }
            }
        }

        Assert.Empty(missing);
    }

    private async Task<List<string[]>> LeafCommandsAsync(string[] prefix)
    {
        var help = await _cli.RunAsync([.. prefix, "--help"]);
        var children = Section(help.Stdout, "COMMANDS").Select(line => line.Trim().Split(' ')[0]).Where(name => name.Length > 0).ToList();
        if (children.Count == 0)
        {
            return [prefix];
        }

        var leaves = new List<string[]>();
        foreach (var child in children)
        {
            leaves.AddRange(await LeafCommandsAsync([.. prefix, child]));
        }

        return leaves;
    }

    // A branch's subcommands are documented together, as `memfun skill list|info|...`.
    private static bool DocumentsCommand(string docs, string[] command) =>
        docs.Contains($"memfun {string.Join(' ', command)}", StringComparison.Ordinal)
        || (command.Length == 2 && Regex.IsMatch(docs, $@"memfun {Regex.Escape(command[0])} [a-z|\\]*\b{Regex.Escape(command[1])}\b"));

    private static IEnumerable<string> Section(string help, string title)
    {
        var inSection = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.TrimEnd().EndsWith(':') && line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inSection = line.StartsWith(title, StringComparison.Ordinal);
                continue;
            }

            if (inSection && line.Length > 4 && char.IsWhiteSpace(line[0]) && !char.IsWhiteSpace(line.TrimStart()[0]))
            {
                // Only the option/command column: descriptions may wrap onto lines of their own.
                var trimmed = line.TrimStart();
                if (line.Length - trimmed.Length <= 8)
                {
                    yield return trimmed.Split("  ", 2)[0];
                }
            }
        }
    }

    [GeneratedRegex("--[a-z][a-z0-9-]*")]
    private static partial Regex LongOption();
}
