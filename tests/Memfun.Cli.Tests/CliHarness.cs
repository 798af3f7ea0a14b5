using Memfun.Cli.Infrastructure;
using Memfun.Testing;
using Spectre.Console.Testing;

namespace Memfun.Cli.Tests;

/// <summary>Runs the real <c>memfun</c> command tree in a temporary project folder with test consoles.</summary>
internal sealed class CliHarness : IDisposable
{
    public TempDirectory Project { get; } = new();

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal) { ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") };

    public bool Interactive { get; set; }

    /// <summary>Gets or sets the width of the test consoles.</summary>
    public int Width { get; set; } = 400;

    /// <summary>Gets or sets the folder the command runs in, relative to the project; the project itself when null.</summary>
    public string? WorkingDirectory { get; set; }

    public Action<TestConsole>? PrepareInput { get; set; }

    /// <summary>Gets the command's Ctrl+C: <see cref="Infrastructure.Interrupts.Raise"/> delivers one.</summary>
    public Interrupts Interrupts { get; } = new(signals: false);

    /// <summary>Gets or sets what the command reads as piped standard input; null for a terminal.</summary>
    public string? Stdin { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    /// <summary>Runs the command with <paramref name="cancellationToken"/> as its Ctrl+C.</summary>
    public Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args) => RunWithAsync(MemfunApp.RunAsync, cancellationToken, args);

    /// <summary>Runs <paramref name="args"/> with <paramref name="run"/> instead of the whole command line (one path of it).</summary>
    public async Task<CliResult> RunWithAsync(Func<string[], CliEnvironment, CancellationToken, Task<int>> run, CancellationToken cancellationToken, params string[] args)
    {
        var output = new TestConsole().Width(Width);
        var error = new TestConsole().Width(Width);
        if (Interactive)
        {
            error.Interactive();
        }

        PrepareInput?.Invoke(error);
        var environment = new CliEnvironment
        {
            WorkingDirectory = WorkingDirectory is null ? Project.Path : Project.Combine(WorkingDirectory),
            Variables = Environment,
            Out = output,
            Error = error,
            IsInteractive = Interactive,
            Input = Stdin is null ? null : new StringReader(Stdin),
            Interrupts = Interrupts,
            UserConfigPath = Project.Combine("no-user-config.toml"),
        };
        var exitCode = await run(args, environment, cancellationToken);
        return new CliResult(exitCode, output.Output, error.Output);
    }

    /// <summary>Writes the project's <c>memfun.toml</c> and trusts it with <c>memfun config trust</c>, for tests of what a trusted file sets.</summary>
    public async Task WriteTrustedConfigAsync(string text)
    {
        Project.WriteFile("memfun.toml", text);
        var trust = await RunAsync("config", "trust");
        Assert.True(trust.ExitCode == 0, trust.Stderr);
    }

    public void Dispose()
    {
        Interrupts.Dispose();
        Project.Dispose();
    }
}
