namespace Memfun.Cli.Help;

/// <summary>A command or branch of the command tree as its help shows it.</summary>
/// <param name="Name">The command's name (empty for the root).</param>
/// <param name="Description">The one-line description, without its final period as the help prints it; null for the root.</param>
internal sealed record HelpCommand(string Name, string? Description)
{
    /// <summary>Gets the positional arguments, in order.</summary>
    public IReadOnlyList<HelpArgument> Arguments { get; init; } = [];

    /// <summary>Gets the options besides <c>--help</c>, in the order the help lists them.</summary>
    public IReadOnlyList<HelpOption> Options { get; init; } = [];

    /// <summary>Gets the command's own examples, each the command line after <c>memfun </c>.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Gets the subcommands of a branch; empty for a command.</summary>
    public IReadOnlyList<HelpCommand> Commands { get; init; } = [];
}
