using Memfun.Core.Errors;

namespace Memfun.Cli.Tests;

public sealed class LoggingTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task InitialisedProject_GetsARedactedFileLogOfEachCommandButTheReadOnlyOnesThatWorked()
    {
        _cli.Environment["MY_SERVICE_TOKEN"] = "tok-very-secret-1234";
        await _cli.RunAsync("init", "--yes");

        var listed = await _cli.RunAsync("config", "show");
        var sessions = await _cli.RunAsync("sessions", "list");
        var undoable = await _cli.RunAsync("undo", "--list");
        var created = await _cli.RunAsync("skill", "create", "logged-skill", "--description", "A skill whose creation is logged.");
        var validated = await _cli.RunAsync("skill", "validate", ".agents/skills/logged-skill");
        var report = await _cli.RunAsync("optimize", "--report");
        var missing = await _cli.RunAsync("skill", "info", "no-such-skill-tok-very-secret-1234");

        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.Success, ExitCodes.Success), (listed.ExitCode, sessions.ExitCode, undoable.ExitCode, created.ExitCode));
        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (validated.ExitCode, report.ExitCode));
        Assert.NotEqual(ExitCodes.Success, missing.ExitCode);
        var log = Assert.Single(Directory.GetFiles(_cli.Project.Combine(".memfun/logs"), "memfun-*.log"));
        var text = await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken);
        Assert.Contains("memfun skill create finished with exit code 0", text, StringComparison.Ordinal);
        Assert.Contains($"memfun skill info failed with exit code {missing.ExitCode}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("config show", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sessions list", text, StringComparison.Ordinal);
        Assert.DoesNotContain("memfun undo", text, StringComparison.Ordinal);
        Assert.DoesNotContain("skill validate", text, StringComparison.Ordinal);
        Assert.DoesNotContain("optimize", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-very-secret-1234", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailureReturnedWithoutAThrow_IsReportedAndLoggedLikeAThrownOne()
    {
        await _cli.RunAsync("init", "--yes");

        var result = await _cli.RunAsync("traces", "show", "no-such-run");

        Assert.Equal(ExitCodes.Agent, result.ExitCode);
        Assert.Equal(
            "error MF3001: No recorded run matches 'no-such-run'.\nhint: `memfun traces list` shows the recorded runs.\n",
            result.Stderr.ReplaceLineEndings("\n"));
        var log = Assert.Single(Directory.GetFiles(_cli.Project.Combine(".memfun/logs"), "memfun-*.log"));
        var text = await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken);
        Assert.Contains("memfun traces show failed with exit code 5 (MF3001)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("traces show finished", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_WritesDebugLinesToStandardErrorOnly()
    {
        var quiet = await _cli.RunAsync("config", "show", "--json");
        var verbose = await _cli.RunAsync("config", "show", "--json", "--verbose");

        Assert.DoesNotContain("Configuration loaded", quiet.Stderr, StringComparison.Ordinal);
        Assert.Contains("Configuration loaded: project root", verbose.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Configuration loaded", verbose.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UninitialisedFolder_IsLeftWithoutStateFolder()
    {
        await _cli.RunAsync("config", "show");
        await _cli.RunAsync("doctor");

        Assert.False(Directory.Exists(_cli.Project.Combine(".memfun")));
    }
}
