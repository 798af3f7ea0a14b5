namespace Memfun.Cli.Commands.Completion;

/// <summary>One command path of the tree, with what may follow it.</summary>
/// <param name="Path">The words of the path (<c>skill</c>, <c>list</c>); empty for <c>memfun</c> itself.</param>
/// <param name="Children">Its subcommands.</param>
/// <param name="Options">Its options, long and short.</param>
internal sealed record CommandNode(IReadOnlyList<string> Path, IReadOnlyList<string> Children, IReadOnlyList<string> Options)
{
    /// <summary>Gets the path as one space-separated string.</summary>
    public string Key => string.Join(' ', Path);

    /// <summary>Gets the words that may follow the path: subcommands, then options.</summary>
    public IEnumerable<string> Words => Children.Concat(Options);
}
