using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Llm.Usage;

namespace Memfun.Cli.Tests;

/// <summary><c>memfun traces show</c> prints a recorded run as plain text; what the run saw never reaches the terminal as control sequences.</summary>
public sealed class TracesShowTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private void Record(params RlmEvent[] events)
    {
        using var collector = new TraceCollector(_cli.Project.Combine(".memfun/traces"));
        foreach (var runEvent in events)
        {
            collector.OnEvent(runEvent);
        }
    }

    [Fact]
    public async Task Show_PrintsTheTurnsCodeAndOutputInBoxes_AndSubRunsIndented()
    {
        Record(
            new RlmRunStarted("run-1", 0, At, null, "count the files", "root-model", 1200),
            new RlmIteration("run-1", 0, At, 0, 900, 250, 40, "n = len(files)\nprint(n)", "42", null, 812, 31),
            new RlmSubCall("run-1", 0, At, "llm_query", 3000, 400, 800, 100, null, 500),
            new RlmRunStarted("run-1-c", 1, At, "run-1", "look deeper", "sub-model", 10),
            new RlmIteration("run-1-c", 1, At, 0, 100, 10, 5, "", "nothing", "NameError: x", 10, 2),
            new RlmRunFinished("run-1-c", 1, At, "deeper answer", RlmTermination.Submitted, null, 1, 0, UsageTotals.Zero, 15),
            new RlmRunFinished("run-1", 0, At, "42 files", RlmTermination.Submitted, null, 1, 1, new UsageTotals(2, 1200, 300, 0, 0.0123m, 0), 2500));

        var result = await _cli.RunAsync("traces", "show", "run-1");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Equal("run run-1 (depth 0, model root-model, context 1,200 chars): count the files", lines[0]);
        Assert.Equal("turn 0 prompt 900 chars, 250+40 tokens, model 812 ms, run 31 ms", lines[1]);
        Assert.Equal(["┌────────────────┐", "│ code           │", "├────────────────┤", "│ n = len(files) │", "│ print(n)       │", "└────────────────┘"], lines[2..8]);
        Assert.Equal(["┌────────┐", "│ output │", "├────────┤", "│ 42     │", "└────────┘"], lines[8..13]);
        Assert.Equal("  llm_query: 3,000 → 400 chars, 900 tokens, 500 ms", lines[13]);
        Assert.Equal("  run run-1-c (depth 1, model sub-model, context 10 chars): look deeper", lines[14]);
        Assert.Equal("  turn 0 prompt 100 chars, 10+5 tokens, model 10 ms, run 2 ms NameError: x", lines[15]);
        Assert.Equal("  │ (no code) │", lines[19]);
        Assert.Contains("  answered after 1 turns, 0 sub-calls, 0 tokens, $0, 0.0 s\n  deeper answer\n", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("answered after 1 turns, 1 sub-calls, 1,500 tokens, $0.0123, 2.5 s\n42 files\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TracesCommandsInASubfolder_ReadTheProjectRootsRuns_AndAnInvalidConfigurationIsStillTheirError()
    {
        // The real process, whose configuration loads on a thread while the runs are read in the root the load will give.
        _cli.Project.WriteFile("memfun.toml", "[llm]\nmodel = \"m\"\n");
        Record(
            new RlmRunStarted("run-root", 0, At, null, "from the root", "m", 1),
            new RlmRunFinished("run-root", 0, At, "found", RlmTermination.Submitted, null, 0, 0, UsageTotals.Zero, 1));
        var folder = _cli.Project.CreateDirectory("src/deep");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = _cli.Project.Combine("home"),
        };

        var list = await MemfunProcess.RunAsync(folder, environment, "traces", "list");
        var show = await MemfunProcess.RunAsync(folder, environment, "traces", "show");
        _cli.Project.WriteFile("memfun.toml", "[llm]\nmodle = \"m\"\n");
        var broken = await MemfunProcess.RunAsync(folder, environment, "traces", "show");

        Assert.Contains("│ run-root ", list.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("run run-root (depth 0, model m, context 1 chars): from the root\n", show.Stdout, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Config, ""), (broken.ExitCode, broken.Stdout));
        Assert.Contains($"{_cli.Project.Combine("memfun.toml")}:2:1: llm.modle: unknown key", broken.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_APlantedRunFullOfEscapeSequences_PrintsThemAsInertText()
    {
        // A trace in a cloned project's .memfun/traces/, or a model that printed a hostile file: it tries to clear the
        // screen, set the clipboard (OSC 52) and colour what follows.
        const string Hostile = "\u001b[2J\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b[31m";
        Record(
            new RlmRunStarted("run-evil", 0, At, null, "q" + Hostile, "m" + Hostile, 1),
            new RlmIteration("run-evil", 0, At, 0, 1, 1, 1, "print(open('x').read())" + Hostile, "hi" + Hostile, "error" + Hostile, 1, 1),
            new RlmSubCall("run-evil", 0, At, "llm_query" + Hostile, 1, 1, 1, 1, "failed" + Hostile, 1),
            new RlmRunFinished("run-evil", 0, At, "answer" + Hostile, RlmTermination.Submitted, null, 1, 1, UsageTotals.Zero, 1));

        var result = await _cli.RunAsync("traces", "show", "run-evil");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.DoesNotContain('\u0007', result.Stdout);
        Assert.Equal(8, result.Stdout.Split("^[[2J^[]52;c;ZWNobyBwd25lZA==^G^[[31m").Length - 1);
    }
}
