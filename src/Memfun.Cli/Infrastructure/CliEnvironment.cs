using Spectre.Console;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// What a command sees of the outside world: where it runs, its environment, and its consoles. Tests build
/// one over a temporary directory and test consoles, and run the real command tree against it.
/// </summary>
public sealed record CliEnvironment
{
    /// <summary>Gets the working directory commands act on.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Gets the environment variables.</summary>
    public required IReadOnlyDictionary<string, string?> Variables { get; init; }

    /// <summary>Gets the console for results (standard output).</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Gets the console for progress, prompts and errors (standard error).</summary>
    public required IAnsiConsole Error { get; init; }

    /// <summary>Gets a value indicating whether a person can answer prompts.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Gets standard input when it is not a terminal (piped or redirected); null on a terminal.</summary>
    /// <remarks>Agent commands bind what it holds as the REPL variable <c>stdin</c> (<c>cat big.log | memfun ask "..."</c>).</remarks>
    public TextReader? Input { get; init; }

    /// <summary>Gets Ctrl+C handling for commands that opt in (chat, the agent commands); null where there is no signal to handle.</summary>
    public Interrupts? Interrupts { get; init; }

    /// <summary>Gets the user configuration file to use instead of the default location.</summary>
    public string? UserConfigPath { get; init; }

    /// <summary>Creates the environment of the running process.</summary>
    public static CliEnvironment FromProcess()
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new CliEnvironment
        {
            WorkingDirectory = Directory.GetCurrentDirectory(),
            Variables = Hosting.Configuration.ConfigLoadOptions.ProcessEnvironment(),
            Out = AnsiConsole.Console,
            Error = error,
            Input = Console.IsInputRedirected ? Console.In : null,
            Interrupts = new Interrupts(),
            IsInteractive = !Console.IsInputRedirected && !Console.IsErrorRedirected && !RunsInCi(Environment.GetEnvironmentVariable("CI")),
        };
    }

    /// <summary>
    /// Returns whether the <c>CI</c> variable marks a CI job: set to anything but empty, <c>false</c> or <c>0</c>
    /// (the values people use to switch it off for one command).
    /// </summary>
    public static bool RunsInCi(string? value) =>
        !string.IsNullOrEmpty(value) && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
