using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Runtime.Conformance;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>
/// The agent acting on a real Python project made in the test: it runs the failing test in the sandbox, edits in its
/// workspace, reruns green; approval respects the user's edits; undo restores byte for byte; read-only refuses.
/// </summary>
public sealed class ActingAgentTests : IAsyncLifetime
{
    private const string Calc = "def add(a, b):\n    return a - b\n";
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(Cancellation);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Project.WriteFile("calc.py", Calc);
        _cli.Project.WriteFile("test_calc.py", "import unittest\n\nfrom calc import add\n\n\nclass AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\n    def test_zero(self):\n        self.assertEqual(add(0, 0), 0)\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    private string Read(string path) => File.ReadAllText(_cli.Project.Combine(path));

    [Fact]
    public async Task Fix_RunsTheFailingTest_EditsInItsWorkspace_RerunsGreen_AndUndoRestoresTheFile()
    {
        var original = await File.ReadAllBytesAsync(_cli.Project.Combine("calc.py"), Cancellation);
        _server.Enqueue(
            ScriptedReply.Say(Code("r = run(test_command)\nprint('exit', r['exit_code'])\nprint(r['stderr'][-300:])")),
            ScriptedReply.Say(Code("edit_file('calc.py', 'return a - b', 'return a + b')\nr = run(test_command)\nprint('after', r['exit_code'])\nprint(open('calc.py').read())")),
            ScriptedReply.Say(Code("SUBMIT('add() subtracted; it now adds.')")));

        var result = await _cli.RunAsync("fix", "add() gives wrong results", "--yes", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        // The model saw the failing test, then the passing one, from commands run in its workspace...
        Assert.Contains("exit 1", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("FAILED (failures=1)", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("after 0", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        // ...while its own REPL still saw the user's file: the edit was only staged.
        Assert.Contains("return a - b", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        var extras = json.RootElement.GetProperty("extras");
        var tests = extras.GetProperty("tests");
        Assert.Equal("python3 -m unittest", tests.GetProperty("command").GetString());
        Assert.Equal(1, tests.GetProperty("before").GetProperty("failed").GetInt32());
        Assert.Equal(0, tests.GetProperty("after").GetProperty("failed").GetInt32());
        Assert.Equal(2, tests.GetProperty("after").GetProperty("passed").GetInt32());
        Assert.False(tests.GetProperty("regressed").GetBoolean());
        Assert.Equal(["calc.py"], extras.GetProperty("patch").GetProperty("applied").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("tests:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 failed → 2 passed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("return a + b", Read("calc.py"), StringComparison.Ordinal);

        var undo = await _cli.RunAsync("undo");

        Assert.Equal(ExitCodes.Success, undo.ExitCode);
        Assert.Equal(original, await File.ReadAllBytesAsync(_cli.Project.Combine("calc.py"), Cancellation));
        Assert.Equal(ExitCodes.Tool, (await _cli.RunAsync("undo")).ExitCode);
    }

    [Fact]
    public async Task Fix_ABreakingPatch_IsNeverPresentedAsAFixWithoutSayingSo()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("edit_file('test_calc.py', 'add(0, 0), 0', 'add(0, 0), 1')")),
            ScriptedReply.Say(Code("SUBMIT('done')")));

        var result = await _cli.RunAsync("fix", "make it better", "--yes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("1 failed → 2 failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("makes the tests worse", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_AUserEditMadeWhileTheAgentWorked_IsAConflict_AndIsNeverOverwritten()
    {
        var release = new TaskCompletionSource();
        _server.Enqueue(
            ScriptedReply.Say(Code("edit_file('calc.py', 'return a - b', 'return a + b')")),
            new ScriptedReply { Text = Code("SUBMIT('fixed')"), HoldUntil = release.Task });

        var run = _cli.RunAsync("fix", "add() gives wrong results", "--yes", "--json");
        await Eventually.HoldsAsync(() => Task.FromResult(_server.Requests.Count >= 2), "the agent staged its edit", TimeSpan.FromSeconds(60));
        _cli.Project.WriteFile("calc.py", Calc + "\n# the user typed this meanwhile\n");
        release.SetResult();
        var result = await run;

        Assert.Equal(ExitCodes.Tool, result.ExitCode);
        Assert.Contains("conflict", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(Calc + "\n# the user typed this meanwhile\n", Read("calc.py"));
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["calc.py"], json.RootElement.GetProperty("extras").GetProperty("patch").GetProperty("conflicts").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Fix_Unapproved_KeepsThePatch_ForMemfunApply_FileByFile()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("edit_file('calc.py', 'return a - b', 'return a + b')\nwrite_file('NOTES.md', 'fixed add\\n')")),
            ScriptedReply.Say(Code("SUBMIT('fixed')")));

        var fix = await _cli.RunAsync("fix", "add() gives wrong results", "--json");

        Assert.Equal(ExitCodes.Security, fix.ExitCode);
        Assert.Equal(Calc, Read("calc.py"));
        using var json = JsonDocument.Parse(fix.Stdout);
        var runId = json.RootElement.GetProperty("run_id").GetString()!;
        Assert.Contains($"memfun apply {runId}", fix.Stderr, StringComparison.Ordinal);

        var first = await _cli.RunAsync("apply", runId[..12], "calc.py", "--yes");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Contains("return a + b", Read("calc.py"), StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Project.Combine("NOTES.md")));

        var rest = await _cli.RunAsync("apply", runId, "NOTES.md", "--yes");

        Assert.Equal(ExitCodes.Success, rest.ExitCode);
        Assert.Equal("fixed add\n", Read("NOTES.md"));
    }

    [Fact]
    public async Task Fix_OnATerminal_TheUserChoosesFileByFile()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("edit_file('calc.py', 'return a - b', 'return a + b')\nwrite_file('NOTES.md', 'fixed add\\n')")),
            ScriptedReply.Say(Code("SUBMIT('fixed')")));
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushKey(ConsoleKey.DownArrow);   // "Choose files"
            console.Input.PushKey(ConsoleKey.Enter);
            console.Input.PushKey(ConsoleKey.DownArrow);   // NOTES.md, calc.py: move to calc.py
            console.Input.PushKey(ConsoleKey.Spacebar);
            console.Input.PushKey(ConsoleKey.Enter);
        };

        var result = await _cli.RunAsync("fix", "add() gives wrong results");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("return a + b", Read("calc.py"), StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Project.Combine("NOTES.md")));
        Assert.Contains("Not applied: NOTES.md", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyMode_RefusesEdits_AndCommandsCannotWrite()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("try:\n    edit_file('calc.py', 'return a - b', 'return a + b')\nexcept Exception as e:\n    print('refused:', e)\nr = run('touch made.txt')\nprint('touch', r['exit_code'], r['stderr'])")),
            ScriptedReply.Say(Code("SUBMIT('the bug is in calc.py:2')")));

        var result = await _cli.RunAsync("fix", "add() gives wrong results", "--mode", "read-only", "--yes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("refused: Edits are refused", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("read-only", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Equal(Calc, Read("calc.py"));
        Assert.False(File.Exists(_cli.Project.Combine("made.txt")));
        Assert.False(Directory.Exists(_cli.Project.Combine(".memfun/checkpoints")));
    }

    [Fact]
    public async Task Chat_CanEdit_UnderTheSameApproval()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("edit_file('calc.py', 'return a - b', 'return a + b')\nSUBMIT('Changed add() to add.')")),
            ScriptedReply.Say(Code("print(conversation)")),
            ScriptedReply.Say(Code("SUBMIT('ok')")));
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("Make add() add.");
            console.Input.PushTextWithEnter("y");
            console.Input.PushTextWithEnter("What did you change?");
            console.Input.PushTextWithEnter("/exit");
        };

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("+    return a + b", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("return a + b", Read("calc.py"), StringComparison.Ordinal);
        Assert.Contains("(Patch: applied to calc.py.)", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_InReadOnlyMode_WritesNothing()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("try:\n    edit_file('calc.py', 'return a - b', 'return a + b')\nexcept Exception as e:\n    print('refused:', e)")),
            ScriptedReply.Say(Code("SUBMIT('I cannot edit in read-only mode.')")));
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("Make add() add.");
            console.Input.PushTextWithEnter("/exit");
        };

        var result = await _cli.RunAsync("chat", "--mode", "read-only");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("refused: Edits are refused", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Equal(Calc, Read("calc.py"));
    }

    [Fact]
    public async Task Mode_MustBeOneOfTheThree()
    {
        var result = await _cli.RunAsync("fix", "x", "--mode", "yolo");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("read-only", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
