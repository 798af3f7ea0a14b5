using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>Chats are runtime sessions: they outlive the process, resume with their earlier turns, and are listed, shown and deleted.</summary>
public sealed class SessionTests : IAsyncLifetime
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

    private Task<CliResult> ChatAsync(string[] args, params string[] lines)
    {
        _cli.PrepareInput = console =>
        {
            foreach (var line in lines)
            {
                console.Input.PushTextWithEnter(line);
            }
        };
        return _cli.RunAsync(["chat", .. args]);
    }

    [Fact]
    public async Task List_InAProjectWithoutChats_SaysSoAndCreatesNothing()
    {
        var text = await _cli.RunAsync("sessions", "list");
        var json = await _cli.RunAsync("sessions", "list", "--json");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("No chats in this project yet", text.Stderr, StringComparison.Ordinal);
        Assert.Equal("[]", json.Stdout.Trim());
        Assert.False(Directory.Exists(_cli.Project.Combine(".memfun")));
    }

    [Fact]
    public async Task Continue_ResumesTheLastChat_WithItsEarlierTurnsInTheNextPrompt()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('The parser lives in src/parse.py.')")));
        var first = await ChatAsync([], "Where is the parser?", "/exit");
        _server.Enqueue(ScriptedReply.Say(Code("print(conversation)")), ScriptedReply.Say(Code("SUBMIT('It is 40 lines long.')")));

        var second = await ChatAsync(["--continue"], "How long is it?", "/exit");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Contains("1 earlier turns", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("User: Where is the parser?", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("Memfun: The parser lives in src/parse.py.", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        var list = await _cli.RunAsync("sessions", "list", "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        var session = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(2, session.GetProperty("turns").GetInt32());
        Assert.Equal("Where is the parser?", session.GetProperty("title").GetString());
    }

    [Fact]
    public async Task SessionsShowAndDelete_WorkByIdPrefix_AndResumeOfAnUnknownIdFails()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('Hello there.')")));
        await ChatAsync([], "Hi!", "/exit");
        using var list = JsonDocument.Parse((await _cli.RunAsync("sessions", "list", "--json")).Stdout);
        var id = list.RootElement[0].GetProperty("id").GetString()!;

        var show = await _cli.RunAsync("sessions", "show", id[..8]);
        var delete = await _cli.RunAsync("sessions", "delete", id[..8]);
        var after = await _cli.RunAsync("sessions", "list", "--json");
        var resume = await ChatAsync(["--resume", id], "/exit");

        Assert.Contains("you> Hi!", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("Hello there.", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, delete.ExitCode);
        Assert.Equal("[]", after.Stdout.Trim());
        Assert.Equal(ExitCodes.Session, resume.ExitCode);
        Assert.Contains(MemfunErrorCodes.SessionNotFound, resume.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_StartsANewSession()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('one')")), ScriptedReply.Say(Code("SUBMIT('two')")));

        await ChatAsync([], "First topic", "/clear", "Second topic", "/exit");

        using var list = JsonDocument.Parse((await _cli.RunAsync("sessions", "list", "--json")).Stdout);
        Assert.Equal(["Second topic", "First topic"], list.RootElement.EnumerateArray().Select(s => s.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task NoArguments_StartsChat()
    {
        _cli.PrepareInput = console => console.Input.PushTextWithEnter("/exit");

        var result = await _cli.RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("memfun chat", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_LiveInTheConfiguredBackend_Redis()
    {
        _cli.Environment["MEMFUN_BACKEND_TIER"] = "redis";
        _cli.Environment["MEMFUN_BACKEND_REDIS_URL"] = TestServers.RedisUrl;
        _cli.Environment["MEMFUN_BACKEND_NAMESPACE"] = "chat-" + Guid.NewGuid().ToString("N");
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('stored in redis')")));

        await ChatAsync([], "Where do you keep this?", "/exit");
        var list = await _cli.RunAsync("sessions", "list", "--json");
        _cli.Environment["MEMFUN_BACKEND_NAMESPACE"] = "other-" + Guid.NewGuid().ToString("N");
        var elsewhere = await _cli.RunAsync("sessions", "list", "--json");

        using var json = JsonDocument.Parse(list.Stdout);
        Assert.Equal("Where do you keep this?", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("title").GetString());
        Assert.False(File.Exists(_cli.Project.Combine(".memfun/memfun.db")));
        Assert.Equal("[]", elsewhere.Stdout.Trim());
    }
}
