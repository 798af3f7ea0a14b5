using Memfun.Cli.Help;

namespace Memfun.Cli.Commands.Completion;

/// <summary>
/// The command tree as <c>--help</c> shows it: each command path with its subcommands and options, taken from
/// <see cref="CommandCatalog"/> — the written-out copy of the tree that <c>FastHelpTests</c> checks line by line
/// against the real help — so a completion script costs a bare start-up instead of the help of every command.
/// </summary>
internal sealed class CommandTree
{
    private CommandTree(IReadOnlyList<CommandNode> nodes) => Nodes = nodes;

    /// <summary>Gets every command path, the root (an empty path) first.</summary>
    public IReadOnlyList<CommandNode> Nodes { get; }

    /// <summary>Gets the tree of <c>memfun</c>'s commands.</summary>
    public static CommandTree Memfun { get; } = FromCatalog();

    private static CommandTree FromCatalog()
    {
        var nodes = new List<CommandNode>();
        Add(CommandCatalog.Root, [], nodes);
        return new CommandTree(nodes);
    }

    // In help's order: -h/--help first, then each option's short and long names; the root also takes --version.
    private static void Add(HelpCommand command, string[] path, List<CommandNode> nodes)
    {
        var options = new List<string> { "-h", "--help" };
        foreach (var option in command.Options)
        {
            if (option.Short is { } letter)
            {
                options.Add("-" + letter);
            }

            options.Add("--" + option.Long);
        }

        if (path.Length == 0)
        {
            options.Add("--version");
        }

        nodes.Add(new CommandNode(path, [.. command.Commands.Select(c => c.Name)], [.. options.Distinct(StringComparer.Ordinal)]));
        foreach (var child in command.Commands)
        {
            Add(child, [.. path, child.Name], nodes);
        }
    }
}
