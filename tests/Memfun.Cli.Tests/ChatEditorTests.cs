using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>The chat's editor and slash commands on the real command tree, with keys from a test console.</summary>
public sealed class ChatEditorTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
        _cli.Interactive = true;
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task Tab_CompletesASlashCommand()
    {
        _cli.PrepareInput = console =>
        {
            console.Input.PushText("/rem");
            console.Input.PushKey(new ConsoleKeyInfo('\t', ConsoleKey.Tab, shift: false, alt: false, control: false));
            console.Input.PushTextWithEnter("keep answers short");
        };

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("- keep answers short", File.ReadAllText(_cli.Project.Combine(".memfun/MEMORY.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerboseSlashCommand_ShowsTheCodeOfLaterTurns_WhileTheProseIsAlwaysShown()
    {
        _server.Enqueue(
            ScriptedReply.Say("Answering the first way.\n" + Code("SUBMIT('one' + 'A')")),
            ScriptedReply.Say("Answering the second way.\n" + Code("SUBMIT('two' + 'B')")));
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("first?");
            console.Input.PushTextWithEnter("/help");
            console.Input.PushText("/verb");
            console.Input.PushKey(new ConsoleKeyInfo('\t', ConsoleKey.Tab, shift: false, alt: false, control: false));
            console.Input.PushKey(ConsoleKey.Enter);
            console.Input.PushTextWithEnter("second?");
            console.Input.PushTextWithEnter("/exit");
        };

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("oneA", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("twoB", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/verbose show or hide", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Answering the first way.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Answering the second way.", result.Stderr, StringComparison.Ordinal);
        // Tab completed /verb: from then on each turn's code and output show; before, only the prose.
        Assert.DoesNotContain("SUBMIT('one' + 'A')", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("SUBMIT('two' + 'B')", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("turn 1: output", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndOfInput_Leaves_AndHistoryIsKeptForTheNextSession()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('first answer')")), ScriptedReply.Say(Code("SUBMIT('second answer')")));
        _cli.PrepareInput = console => console.Input.PushTextWithEnter("What is in src?");
        await _cli.RunAsync("chat");
        _cli.PrepareInput = console =>
        {
            // As a terminal reports it: no character. (PushKey(ConsoleKey) would add '&'.)
            console.Input.PushKey(new ConsoleKeyInfo('\0', ConsoleKey.UpArrow, shift: false, alt: false, control: false)); // the message of the earlier session
            console.Input.PushKey(ConsoleKey.Enter);
        };

        var second = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Contains("What is in src?", string.Concat(_server.Requests[1].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkillSlashCommand_RunsTheSkillWithItsInstructions()
    {
        _cli.Project.WriteFile(".agents/skills/greeter/SKILL.md", "---\nname: greeter\ndescription: Greets whoever asks.\n---\nGreet the input in the GREETER-STYLE.\n");
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('Hello, Ada!')")));
        _cli.PrepareInput = console => console.Input.PushTextWithEnter("/greeter Ada");

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Hello, Ada!", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("GREETER-STYLE", string.Concat(_server.Requests[0].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentSlashCommand_HandsTheTaskToTheAgent()
    {
        _cli.Project.WriteFile(".memfun/agents/checker/AGENT.md", "---\nname: checker\ndescription: Checks things.\n---\nYou are the CHECKER-PERSONA.\n");
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('all checked')")));
        _cli.PrepareInput = console => console.Input.PushTextWithEnter("/agent checker look at src");

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("all checked", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CHECKER-PERSONA", string.Concat(_server.Requests[0].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_CancelsTheRunningTurn_AndTheChatGoesOn()
    {
        var never = new TaskCompletionSource();
        _server.Enqueue(new ScriptedReply { Text = Code("SUBMIT('too late')"), HoldUntil = never.Task }, ScriptedReply.Say(Code("SUBMIT('second answer')")));
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("A slow question");
            console.Input.PushTextWithEnter("A quick one");
        };

        var chat = _cli.RunAsync("chat");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_server.Requests.Count == 0 && DateTime.UtcNow < deadline && !chat.IsCompleted)
        {
            await Task.Yield();
        }

        Assert.True(_cli.Interrupts.Raise());
        var result = await chat;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("cancelled", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("second answer", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("too late", result.Stdout, StringComparison.Ordinal);
        never.SetResult();
    }
}
