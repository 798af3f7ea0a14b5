using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>The real <c>memfun chat</c> in a pseudo-terminal (tmux) against the fake model server: keys, pastes, Ctrl+C, Ctrl+D, resume.</summary>
[Collection(nameof(TerminalCollection))]
public sealed class TerminalChatTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
        _cli.Environment["HOME"] = _cli.Project.Path;
        _cli.Environment["CI"] = null;
        _cli.Project.WriteFile("src/app.py", "print('hi')\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    private Task<TmuxTerminal> StartAsync(params string[] args) =>
        TmuxTerminal.StartAsync(_cli.Project.Path, _cli.Environment, ["chat", .. args]);

    [Fact]
    public async Task Paste_IsOneMessage_WithAgentsMdInThePrompt_ThenSkillCommand_AndCtrlDLeaves()
    {
        _cli.Project.WriteFile("AGENTS.md", "Always cite files as path:line (TERMINAL-RULE).\n");
        _cli.Project.WriteFile(".agents/skills/greeter/SKILL.md", "---\nname: greeter\ndescription: Greets whoever asks.\n---\nGreet the input in the GREETER-STYLE.\n");
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('One traceback, read.')")), ScriptedReply.Say(Code("SUBMIT('Hello, Ada!')")));
        using var terminal = await StartAsync();
        await terminal.WaitForAsync("you>");

        await terminal.PasteAsync("Traceback (most recent call last):\n  File \"app.py\", line 1\nZeroDivisionError: division by zero\n");
        await terminal.PressAsync("Enter");
        await terminal.WaitForAsync("One traceback, read.");
        await terminal.TypeAsync("/greeter Ada");
        await terminal.PressAsync("Enter");
        await terminal.WaitForAsync("Hello, Ada!");
        await terminal.WaitForAsync("you>", times: 3);
        await terminal.PressAsync("C-d");

        Assert.Equal(ExitCodes.Success, await terminal.WaitForExitAsync());
        Assert.Equal(2, _server.Requests.Count);
        var first = string.Concat(_server.Requests[0].MessageTexts);
        Assert.Contains("Traceback (most recent call last):\n  File \"app.py\", line 1\nZeroDivisionError: division by zero", first, StringComparison.Ordinal);
        Assert.Contains("TERMINAL-RULE", first, StringComparison.Ordinal);
        Assert.Contains("GREETER-STYLE", string.Concat(_server.Requests[1].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_AppearsOnTheScreenAsItStreams_ProseWithoutCode()
    {
        var firstChunkShown = new TaskCompletionSource();
        // The server sends "Reading " and holds the rest of the reply until the test has seen it on the screen.
        _server.Enqueue(new ScriptedReply { Text = "Reading the file first, then answering.\n" + Code("SUBMIT('Streamed answer.')"), HoldAfterFirstChunk = firstChunkShown.Task });
        using var terminal = await StartAsync();
        await terminal.WaitForAsync("you>");

        await terminal.TypeAsync("What does it print?");
        await terminal.PressAsync("Enter");
        var partial = await terminal.WaitForAsync("Reading");
        firstChunkShown.SetResult();
        await terminal.WaitForAsync("Streamed answer.");
        var screen = await terminal.WaitForAsync("you>", times: 2);
        await terminal.PressAsync("C-d");

        Assert.Equal(ExitCodes.Success, await terminal.WaitForExitAsync());
        Assert.DoesNotContain("the file first", partial, StringComparison.Ordinal);
        Assert.Contains("Reading the file first, then answering.", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("SUBMIT(", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_CancelsTheTurn_RestoresTheCursor_AndASecondCtrlCAtThePromptLeaves()
    {
        var never = new TaskCompletionSource();
        _server.Enqueue(new ScriptedReply { Text = Code("SUBMIT('too late')"), HoldUntil = never.Task });
        using var terminal = await StartAsync();
        await terminal.WaitForAsync("you>");

        await terminal.TypeAsync("A question that takes long");
        await terminal.PressAsync("Enter");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_server.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        await terminal.PressAsync("C-c");
        var screen = await terminal.WaitForAsync("cancelled");
        await terminal.WaitForAsync("you>", times: 2);
        var cursorAtPrompt = await terminal.CursorVisibleAsync();
        await terminal.PressAsync("C-c");
        await terminal.WaitForAsync("Ctrl+C again");
        await terminal.PressAsync("C-c");

        Assert.Equal(ExitCodes.Success, await terminal.WaitForExitAsync());
        Assert.True(cursorAtPrompt);
        Assert.DoesNotContain("too late", screen, StringComparison.Ordinal);
        never.SetResult();
    }

    [Fact]
    public async Task Continue_ResumesWithTheEarlierTurnsInTheNextPrompt()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("SUBMIT('The answer is in src/app.py:1.')")),
            ScriptedReply.Say(Code("print(conversation)")),
            ScriptedReply.Say(Code("SUBMIT('Yes, line 1.')")));
        using (var first = await StartAsync())
        {
            await first.WaitForAsync("you>");
            await first.TypeAsync("Where is hi printed?");
            await first.PressAsync("Enter");
            await first.WaitForAsync("src/app.py:1.");
            await first.WaitForAsync("you>", times: 2);
            await first.PressAsync("C-d");
            Assert.Equal(ExitCodes.Success, await first.WaitForExitAsync());
        }

        using var second = await StartAsync("--continue");
        await second.WaitForAsync("1 earlier turns");
        await second.WaitForAsync("you>");
        await second.TypeAsync("Only there?");
        await second.PressAsync("Enter");
        await second.WaitForAsync("Yes, line 1.");
        await second.WaitForAsync("you>", times: 2);
        await second.PressAsync("C-d");

        Assert.Equal(ExitCodes.Success, await second.WaitForExitAsync());
        Assert.Contains("User: Where is hi printed?", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("Memfun: The answer is in src/app.py:1.", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
    }
}
