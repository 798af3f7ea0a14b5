using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>The agent commands end to end: the real CLI, a real local sandbox, and the fake OpenAI-compatible server.</summary>
public sealed class AgentCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Project.WriteFile("src/calc.py", "def add(a, b):\n    return a - b  # BUG\n\n\ndef answer():\n    return 42\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task Ask_CtrlCWhileTheModelThinks_CancelsTheRun_WithTheCancelledExitCode()
    {
        // ask runs without the command tree, which used to turn Ctrl+C into cancellation; the command listens itself.
        var release = new TaskCompletionSource();
        _server.Enqueue(new ScriptedReply { Text = Code("SUBMIT('too late')"), HoldUntil = release.Task });

        var run = _cli.RunAsync("ask", "What does answer() return?");
        await Memfun.Runtime.Conformance.Eventually.HoldsAsync(() => Task.FromResult(_server.Requests.Count >= 1), "the model was asked", TimeSpan.FromSeconds(60));
        Assert.True(_cli.Interrupts.Raise());
        var result = await run;
        release.SetResult();

        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.Contains("cancelled", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("too late", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ReadsTheProjectThroughTheReplAndPrintsTheAnswer()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("print(files)\nhits = search('def answer')\nprint(hits)")),
            ScriptedReply.Say(Code("src = read_file('src/calc.py', 5, 6)\nSUBMIT('answer() returns **' + src.split()[-1] + '** (src/calc.py:6)')")));

        var result = await _cli.RunAsync("ask", "What does answer() return?");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        // Rendered as Markdown for the terminal: the emphasis markers are gone.
        Assert.Contains("answer() returns 42 (src/calc.py:6)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("src/calc.py:5:def answer():", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("2 turns", result.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_cli.Project.Combine(".memfun/traces"), "*.jsonl"));
    }

    [Fact]
    public async Task Ask_Json_ReportsTheRunForScripts()
    {
        _server.Enqueue(new ScriptedReply { Text = Code("SUBMIT('done')"), InputTokens = 1200, OutputTokens = 30 });

        var result = await _cli.RunAsync("ask", "Anything?", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("done", json.RootElement.GetProperty("answer").GetString());
        Assert.Equal("submitted", json.RootElement.GetProperty("termination").GetString());
        Assert.Equal("answered", json.RootElement.GetProperty("outcome").GetString());
        Assert.False(json.RootElement.GetProperty("partial").GetBoolean());
        Assert.Equal(1200, json.RootElement.GetProperty("input_tokens").GetInt64());
        Assert.True(File.Exists(json.RootElement.GetProperty("trace").GetString()));
    }

    [Fact]
    public async Task Traces_ListAndShowTheRecordedRun()
    {
        _server.Enqueue(ScriptedReply.Say(Code("x = 6 * 7\nprint(x)")), ScriptedReply.Say(Code("SUBMIT(str(x))")));
        await _cli.RunAsync("ask", "What is six times seven?");

        var list = await _cli.RunAsync("traces", "list", "--json");
        var show = await _cli.RunAsync("traces", "show");

        using var runs = JsonDocument.Parse(list.Stdout);
        var run = Assert.Single(runs.RootElement.EnumerateArray());
        Assert.Equal("answered", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("iterations").GetInt32());
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.Contains("x = 6 * 7", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("answered after 2 turns", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_WithYes_AppliesTheStagedPatchAndShowsTheDiff()
    {
        _server.Enqueue(ScriptedReply.Say(Code("edit_file('src/calc.py', 'return a - b  # BUG', 'return a + b')\nSUBMIT('add() subtracted; it now adds.')")));

        var result = await _cli.RunAsync("fix", "add() gives wrong results", "--yes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("-    return a - b  # BUG", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+    return a + b", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--- a/src/calc.py", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("return a + b", await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_WithoutApproval_WritesNothing()
    {
        var before = await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken);
        _server.Enqueue(ScriptedReply.Say(Code("edit_file('src/calc.py', 'return a - b  # BUG', 'return a + b')\nSUBMIT('fixed')")));

        var result = await _cli.RunAsync("fix", "add() gives wrong results");

        Assert.Equal(ExitCodes.Security, result.ExitCode);
        Assert.Contains("nothing was written", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ask_CannotWriteTheProjectEvenFromCode()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("try:\n    open('src/calc.py', 'w').write('gone')\nexcept OSError as e:\n    print('refused', type(e).__name__)")),
            ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync("ask", "Try to write");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("refused", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("def add", await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budget_StopsTheRunOnceSpent()
    {
        // gpt-4.1 costs $2 per million input tokens: the first call's 100 tokens spend $0.0002.
        _server.Enqueue(ScriptedReply.Say(Code("print(1)")), ScriptedReply.Say(Code("SUBMIT('too late')")));

        var result = await _cli.RunAsync("ask", "Anything?", "--model", "gpt-4.1", "--budget", "0.0001");

        Assert.Equal(ExitCodes.Llm, result.ExitCode);
        Assert.Contains("cost limit of $0.0001", result.Stderr, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Budget_WithAModelThatHasNoPrice_StopsBeforeAnyRequest_AndSaysHowToPriceIt()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('spent unseen')")));

        var result = await _cli.RunAsync("ask", "Anything?", "--model", "house-model", "--budget", "1");

        Assert.Equal(ExitCodes.Llm, result.ExitCode);
        Assert.Contains(MemfunErrorCodes.LlmUnpricedModel, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("model house-model has no price", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("[llm.prices.\"house-model\"]", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Ask_AtTheIterationLimitWithoutSubmit_SaysSoLabelsThePartialAnswerAndExits13()
    {
        // The model never submits: two turns of code, then the extract step's reply.
        _server.Enqueue(ScriptedReply.Say(Code("x = 1\nprint(x)")), ScriptedReply.Say(Code("y = 2\nprint(y)")), ScriptedReply.Say("So far: add() subtracts (src/calc.py:2)."));

        var result = await _cli.RunAsync("ask", "What is wrong?", "--max-iterations", "2");

        Assert.Equal(ExitCodes.LimitReached, result.ExitCode);
        Assert.Contains("Partial answer", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("So far: add() subtracts", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("limit reached", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
        using var runs = JsonDocument.Parse((await _cli.RunAsync("traces", "list", "--json")).Stdout);
        Assert.Equal("limit reached", Assert.Single(runs.RootElement.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ask_Json_AtTheIterationLimit_ReportsLimitReachedAndThePartialAnswer()
    {
        _server.Enqueue(ScriptedReply.Say(Code("print(1)")), ScriptedReply.Say("Best guess: 42."));

        var result = await _cli.RunAsync("ask", "Anything?", "--max-iterations", "1", "--json");

        Assert.Equal(ExitCodes.LimitReached, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("limit_reached", json.RootElement.GetProperty("outcome").GetString());
        Assert.True(json.RootElement.GetProperty("partial").GetBoolean());
        Assert.Equal("Best guess: 42.", json.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Fix_AtTheIterationLimit_AppliesNothingAndExits13()
    {
        var before = await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken);
        _server.Enqueue(ScriptedReply.Say(Code("edit_file('src/calc.py', 'return a - b  # BUG', 'return a * b')\nprint('staged')")), ScriptedReply.Say("I was not done."));

        var result = await _cli.RunAsync("fix", "add() gives wrong results", "--yes", "--max-iterations", "1");

        Assert.Equal(ExitCodes.LimitReached, result.ExitCode);
        Assert.Contains("staged patch was not applied", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("proposed no change", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(_cli.Project.Combine("src/calc.py"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ask_PastTheTimeout_ExitsTimedOutAndJsonSaysSo()
    {
        _server.Enqueue(new ScriptedReply { Text = Code("SUBMIT('too slow')"), Delay = TimeSpan.FromMinutes(5) });

        var result = await _cli.RunAsync("ask", "Anything?", "--timeout", "1", "--json");

        Assert.Equal(ExitCodes.TimedOut, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("timed_out", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(MemfunErrorCodes.AgentTimeout, json.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("did not finish within 1 s", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_CancelledWhileTheModelThinks_Exits130AndJsonSaysSo()
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.RespondWith(_ =>
        {
            called.TrySetResult();
            return new ScriptedReply { Text = Code("SUBMIT('never')"), Delay = TimeSpan.FromMinutes(5) };
        });
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var run = _cli.RunAsync(ctrlC.Token, "ask", "Anything?", "--json");
        await called.Task.WaitAsync(TestContext.Current.CancellationToken);
        await ctrlC.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("cancelled", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Budget_Json_ReportsBudgetExhausted()
    {
        _server.Enqueue(ScriptedReply.Say(Code("print(1)")), ScriptedReply.Say(Code("SUBMIT('too late')")));

        var result = await _cli.RunAsync("ask", "Anything?", "--model", "gpt-4.1", "--budget", "0.0001", "--json");

        Assert.Equal(ExitCodes.Llm, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("budget_exhausted", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(MemfunErrorCodes.LlmBudgetExceeded, json.RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Budget_MustBePositive()
    {
        var result = await _cli.RunAsync("ask", "Anything?", "--budget", "0");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("--budget", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Review_WithNothingChanged_SaysSoWithoutCallingTheModel()
    {
        await CommitProjectAsync();

        var result = await _cli.RunAsync("review");

        Assert.Equal(ExitCodes.Tool, result.ExitCode);
        Assert.Contains("nothing to review", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Review_GivesTheModelTheDiffAsAVariable()
    {
        await CommitProjectAsync();
        await File.WriteAllTextAsync(_cli.Project.Combine("src/calc.py"), "def add(a, b):\n    return a + b\n", TestContext.Current.CancellationToken);
        _server.Enqueue(ScriptedReply.Say(Code("print([l for l in diff.splitlines() if l.startswith('+ ') or l.startswith('+    ')])")), ScriptedReply.Say(Code("SUBMIT('Looks good.')")));

        var result = await _cli.RunAsync("review");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("+    return a + b", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.DoesNotContain("return a + b", _server.Requests[0].MessageTexts[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_IncludesUntrackedFiles()
    {
        await CommitProjectAsync();
        _cli.Project.WriteFile("src/new_module.py", "def brand_new():\n    return 'untracked'\n");
        _server.Enqueue(ScriptedReply.Say(Code("print([l for l in diff.splitlines() if 'brand_new' in l])")), ScriptedReply.Say(Code("SUBMIT('Reviewed.')")));

        var result = await _cli.RunAsync("review");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("+def brand_new():", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsRefusedWithTheNearestOption_BeforeAnyModelCall()
    {
        var result = await _cli.RunAsync("ask", "Anything?", "--max-iteration", "3");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Unknown option '--max-iteration' for `memfun ask`", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean '--max-iterations'?", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task UnreachableModel_IsAOneLineErrorSayingWhatToConfigure()
    {
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = "http://127.0.0.1:9/v1";
        _cli.Environment["MEMFUN_LLM_MAX_RETRIES"] = "0";

        var result = await _cli.RunAsync("ask", "Anything?");

        Assert.Equal(ExitCodes.Llm, result.ExitCode);
        Assert.Contains("Cannot reach the model endpoint http://127.0.0.1:9/v1", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_BindsTheRequestedLinesAsTheTarget()
    {
        _server.Enqueue(ScriptedReply.Say(Code("print(repr(target))")), ScriptedReply.Say(Code("SUBMIT('It returns 42.')")));

        var result = await _cli.RunAsync("explain", "src/calc.py:5-6", "--audience", "a tester");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("'def answer():\\n    return 42'", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("for a tester", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_APathOutsideTheProject_IsRefused()
    {
        var result = await _cli.RunAsync("analyze", "../elsewhere");

        Assert.Equal(ExitCodes.Security, result.ExitCode);
        Assert.Contains("outside the project", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("explain", "src/missing.py", "there is no file src/missing.py")]
    [InlineData("explain", "src/missing.py:1-3", "there is no file src/missing.py")]
    [InlineData("explain", "src/calc.py:40-10", "line range 40-10 of src/calc.py is empty or inverted")]
    [InlineData("explain", "src/calc.py:0-0", "line range 0-0 of src/calc.py is empty or inverted")]
    [InlineData("explain", "src/calc.py:40-50", "line range 40-50 of src/calc.py is empty or inverted")]
    [InlineData("analyze", "nowhere", "there is no folder or file nowhere")]
    public async Task MissingTargetOrBadRange_FailsBeforeAnyModelCall(string command, string target, string message)
    {
        var result = await _cli.RunAsync(command, target);

        Assert.Equal(ExitCodes.Tool, result.ExitCode);
        Assert.Contains(MemfunErrorCodes.ToolBadArguments, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Explain_FromASubfolder_ResolvesTheTargetFromThere()
    {
        _cli.Project.WriteFile("memfun.toml", "");
        _cli.WorkingDirectory = "src";
        _server.Enqueue(ScriptedReply.Say(Code("print(repr(target))")), ScriptedReply.Say(Code("SUBMIT('It returns 42.')")));

        var result = await _cli.RunAsync("explain", "calc.py:5-6");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("'def answer():\\n    return 42'", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("Explain src/calc.py:5-6", string.Join('\n', _server.Requests[0].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_FromASubfolder_ResolvesThePathFromThere()
    {
        _cli.Project.WriteFile("memfun.toml", "");
        _cli.Project.WriteFile("src/inner/mod.py", "x = 1\n");
        _cli.WorkingDirectory = "src";
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('fine')")));

        var result = await _cli.RunAsync("analyze", "inner");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("the folder src/inner", string.Join('\n', _server.Requests[0].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_ShowsEachTurnsCodeAndOutput()
    {
        _server.Enqueue(ScriptedReply.Say(Code("print('visible ' * 2)")), ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync("analyze", "src", "--verbose");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        // The code streamed with the reply; the output follows the turn.
        Assert.Contains("print('visible ' * 2)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("turn 1: output", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("visible visible", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutVerbose_ShowsTheModelsProse_NotItsCode()
    {
        _server.Enqueue(ScriptedReply.Say("First I print something.\n" + Code("print('hidden ' * 2)")), ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync("analyze", "src");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("First I print something.\n", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("print('hidden ' * 2)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden hidden", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_AnswersEachMessageWithTheEarlierTurnsInTheRepl()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("SUBMIT('answer() returns 42.')")),
            ScriptedReply.Say(Code("print(conversation)")),
            ScriptedReply.Say(Code("SUBMIT('Yes: it is constant.')")));
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("What does answer() return?");
            console.Input.PushTextWithEnter("/cost");
            console.Input.PushTextWithEnter("Is that always so?");
            console.Input.PushTextWithEnter("/exit");
        };

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("answer() returns 42.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Yes: it is constant.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 model calls", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("User: What does answer() return?", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("Memfun: answer() returns 42.", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(_cli.Project.Combine(".memfun/traces"), "*.jsonl").Length);
    }

    [Fact]
    public async Task Chat_WithoutATerminal_PointsToAsk()
    {
        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("memfun ask", result.Stderr, StringComparison.Ordinal);
    }

    private async Task CommitProjectAsync()
    {
        await GitAsync("init", "-q");
        await GitAsync("add", ".");
        await GitAsync("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "initial");
    }

    private async Task GitAsync(params string[] args)
    {
        var result = await Memfun.Core.Processes.ProcessRunner.TryRunAsync("git", args, _cli.Project.Path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result is { Succeeded: true }, $"git {string.Join(' ', args)} failed: {result?.Stderr}");
    }
}
