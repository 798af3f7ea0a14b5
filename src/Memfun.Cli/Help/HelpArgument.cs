namespace Memfun.Cli.Help;

/// <summary>One positional argument of a command as its help shows it.</summary>
/// <param name="Name">The argument's name, such as <c>QUESTION</c>.</param>
/// <param name="Required">Whether it must be given (<c>&lt;NAME&gt;</c>) or may be left out (<c>[NAME]</c>).</param>
/// <param name="Description">What the argument is, as the help prints it.</param>
internal sealed record HelpArgument(string Name, bool Required, string Description)
{
    /// <summary>Gets the argument as usage lines show it: <c>&lt;NAME&gt;</c> or <c>[NAME]</c>.</summary>
    public string Display => Required ? $"<{Name}>" : $"[{Name}]";
}
