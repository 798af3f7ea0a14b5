using System.Diagnostics.CodeAnalysis;
using Spectre.Console;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// What a command sees of the outside world: where it runs, its environment, and its consoles. Tests build
/// one over a temporary directory and test consoles, and run the real command tree against it.
/// </summary>
/// <remarks>
/// The process's consoles are built on first use: building one detects the terminal's capabilities, which costs
/// more than a listing command's whole work, so commands that print plain text use <see cref="OutWriter"/>,
/// <see cref="ErrorWriter"/> and <see cref="OutputWidth"/> instead (issue 20).
/// </remarks>
public sealed record CliEnvironment
{
    private readonly Lazy<IAnsiConsole> _out = null!;
    private readonly Lazy<IAnsiConsole> _error = null!;
    private readonly Func<TextWriter>? _outWriter;
    private readonly Func<TextWriter>? _errorWriter;
    private readonly Func<int?>? _outputWidth;
    private readonly Lazy<TextReader?>? _input;
    private readonly Lazy<Interrupts?>? _interrupts;

    /// <summary>Creates an environment over the given consoles (set <see cref="Out"/> and <see cref="Error"/>).</summary>
    public CliEnvironment()
    {
    }

    // The running process: consoles built when first asked for, plain text straight to the standard streams.
    // Out and Error are set, through their lazy fields, which the nullable analysis does not follow.
#pragma warning disable CS8618
    [SetsRequiredMembers]
    private CliEnvironment(string workingDirectory, IReadOnlyDictionary<string, string?> variables)
    {
        WorkingDirectory = workingDirectory;
        Variables = variables;
        _out = new(() => AnsiConsole.Console);
        _error = new(() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));
        _outWriter = static () => StandardStreams.Output;
        _errorWriter = static () => StandardStreams.Error;
        _outputWidth = static () => StandardStreams.IsOutputRedirected ? null : Console.WindowWidth is > 0 and var columns ? columns : null;
        _input = new(static () => StandardStreams.IsInputRedirected ? Console.In : null);
        _interrupts = new(() => new Interrupts());
    }
#pragma warning restore CS8618

    /// <summary>Gets the working directory commands act on.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Gets the environment variables.</summary>
    public required IReadOnlyDictionary<string, string?> Variables { get; init; }

    /// <summary>Gets the console for results (standard output).</summary>
    /// <remarks>Setting it (also in a <c>with</c> copy) sends <see cref="OutWriter"/> and <see cref="OutputWidth"/> to it too.</remarks>
    public required IAnsiConsole Out
    {
        get => _out.Value;
        init
        {
            _out = new(value);
            _outWriter = null;
            _outputWidth = null;
        }
    }

    /// <summary>Gets the console for progress, prompts and errors (standard error).</summary>
    /// <remarks>Setting it (also in a <c>with</c> copy) sends <see cref="ErrorWriter"/> to it too.</remarks>
    public required IAnsiConsole Error
    {
        get => _error.Value;
        init
        {
            _error = new(value);
            _errorWriter = null;
        }
    }

    /// <summary>Gets where plain results go (standard output), without building the console.</summary>
    public TextWriter OutWriter => _outWriter?.Invoke() ?? Out.Profile.Out.Writer;

    /// <summary>Gets where plain notes and errors go (standard error), without building the console.</summary>
    public TextWriter ErrorWriter => _errorWriter?.Invoke() ?? Error.Profile.Out.Writer;

    /// <summary>Gets the columns plain tables fit in: the terminal's width, or null when standard output is not a terminal (nothing is wrapped).</summary>
    public int? OutputWidth => _outputWidth is { } width ? width() : Out.Profile.Width;

    /// <summary>Gets a value indicating whether plain tables on standard output may be coloured (a terminal, <c>NO_COLOR</c> unset).</summary>
    public bool OutColors { get; init; }

    /// <summary>Gets a value indicating whether plain lines on standard error may be coloured (a terminal, <c>NO_COLOR</c> unset).</summary>
    public bool ErrorColors { get; init; }

    /// <summary>Returns <paramref name="text"/> for a plain line on standard error: in <paramref name="colour"/> (an <see cref="Rendering.Ansi"/> colour) when <see cref="ErrorColors"/> allows.</summary>
    internal string PaintError(string colour, string text) => ErrorColors ? Rendering.Ansi.Paint(colour, text) : text;

    /// <summary>Gets a value indicating whether a person can answer prompts.</summary>
    public bool IsInteractive { get; init; }

    /// <summary>Gets standard input when it is not a terminal (piped or redirected); null on a terminal.</summary>
    /// <remarks>
    /// Agent commands bind what it holds as the REPL variable <c>stdin</c> (<c>cat big.log | memfun ask "..."</c>). The
    /// process's reader is made on first use: making it sets up the terminal and its signal handling, which a command
    /// that never reads standard input should not wait for (issue 20).
    /// </remarks>
    public TextReader? Input
    {
        get => _input?.Value;
        init => _input = new(value);
    }

    /// <summary>Gets Ctrl+C handling for commands that opt in (chat, the agent commands); null where there is no signal to handle.</summary>
    /// <remarks>The process's are made on first use, like <see cref="Input"/>: most commands never handle Ctrl+C.</remarks>
    public Interrupts? Interrupts
    {
        get => _interrupts?.Value;
        init => _interrupts = new(value);
    }

    /// <summary>Gets the configuration being loaded ahead of the command, if one is (see <see cref="FromProcess"/>).</summary>
    internal ConfigPreload? ConfigPreload { get; init; }

    /// <summary>Gets the user configuration file to use instead of the default location.</summary>
    public string? UserConfigPath { get; init; }

    /// <summary>Creates the environment of the running process.</summary>
    /// <param name="preloadConfig">Whether to start loading the configuration now, while the consoles are set up (for a command that will load it).</param>
    public static CliEnvironment FromProcess(bool preloadConfig = false)
    {
        var workingDirectory = Directory.GetCurrentDirectory();
        var variables = Hosting.Configuration.ConfigLoadOptions.ProcessEnvironment();
        var preload = preloadConfig
            ? ConfigPreload.Start(new Hosting.Configuration.ConfigLoadOptions { WorkingDirectory = workingDirectory, Environment = variables })
            : null;
        return new CliEnvironment(workingDirectory, variables)
        {
            ConfigPreload = preload,
            OutColors = Rendering.Ansi.Colors(StandardStreams.IsOutputRedirected),
            ErrorColors = Rendering.Ansi.Colors(StandardStreams.IsErrorRedirected),
            IsInteractive = !StandardStreams.IsInputRedirected && !StandardStreams.IsErrorRedirected && !RunsInCi(Environment.GetEnvironmentVariable("CI")),
        };
    }

    /// <summary>
    /// Returns whether the <c>CI</c> variable marks a CI job: set to anything but empty, <c>false</c> or <c>0</c>
    /// (the values people use to switch it off for one command).
    /// </summary>
    public static bool RunsInCi(string? value) =>
        !string.IsNullOrEmpty(value) && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0";
}
