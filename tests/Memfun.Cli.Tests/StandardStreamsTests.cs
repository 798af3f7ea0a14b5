using System.Diagnostics;
using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>Plain output goes straight to the file descriptors: it must behave as the console's did in shell plumbing.</summary>
public sealed class StandardStreamsTests : IDisposable
{
    private readonly TempDirectory _project = new();

    public void Dispose() => _project.Dispose();

    // Runs a bash script in which $MEMFUN is the built CLI, with an empty home.
    private async Task<(int ExitCode, string Stdout, string Stderr)> BashAsync(string script)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = _project.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["MEMFUN"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "memfun.dll")}";
        info.Environment["HOME"] = _project.Combine("home");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task OutputToAFileSharedWithTheNextCommand_IsNotOverwrittenByIt()
    {
        // Both commands write through the same descriptor; the second must start where the first ended.
        var result = await BashAsync("($MEMFUN skill list; echo AFTER) > out.txt");

        var text = File.ReadAllText(_project.Combine("out.txt"));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("┌", text, StringComparison.Ordinal);
        Assert.Contains("│ commit-message ", text, StringComparison.Ordinal);
        Assert.EndsWith("┘\nAFTER\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderThatHasGone_EndsTheOutputQuietly()
    {
        // `true` exits without reading, so the listing's write fails with EPIPE, as under `| head -1` on a long listing.
        var result = await BashAsync("$MEMFUN skill list | true; echo \"exit=${PIPESTATUS[0]}\"");

        Assert.Equal("exit=0\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task AClosedStandardOutput_IsNotAnError()
    {
        // As `git --version >&-` and Python: nowhere to write is not worth a stack trace (the console would end the process with one).
        var result = await BashAsync("$MEMFUN --version >&-; echo \"version=$?\"; $MEMFUN skill list >&-; echo \"list=$?\" >&2");

        Assert.Equal("version=0\n", result.Stdout);
        Assert.Equal("list=0\n", result.Stderr);
    }

    [Fact]
    public async Task VersionAndHelp_AreWrittenWhole()
    {
        var result = await BashAsync("$MEMFUN --version; $MEMFUN skill --help | head -1");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.1.0\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
