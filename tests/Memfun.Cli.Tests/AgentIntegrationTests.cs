using Memfun.Core.Errors;
using Memfun.Hosting;
using Memfun.Hosting.Configuration;
using Memfun.Hosting.Tools;
using Memfun.Testing;
using Memfun.Testing.Llm;
using Memfun.Tools;
using Memfun.Tools.Mcp;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Memfun.Cli.Tests;

/// <summary>The agent with the shared tools: MCP servers' tools in its REPL, and the agent itself published over MCP.</summary>
public sealed class AgentIntegrationTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(Cancellation);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Project.WriteFile("src/app.py", "def main():\n    return 'hello'\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task ExternalMcpServerTools_AreCallableFromTheRepl_WithTheSameApprovalPolicy()
    {
        using var other = new TempDirectory();
        other.WriteFile("notes/todo.txt", "remember the milk\n");
        var gateway = new McpGateway(new ToolContext { ProjectRoot = other.Path, AllowWrites = true }, [new BuiltInToolProvider()]);
        await using var mcp = await gateway.StartHttpAsync(cancellationToken: Cancellation);
        await _cli.WriteTrustedConfigAsync($"[mcp.servers.notes]\nurl = \"{mcp.Endpoint}\"\n");
        _server.Enqueue(
            ScriptedReply.Say(Code("print(notes_read_file('notes/todo.txt'))\ntry:\n    notes_write_file(path='x.txt', content='x')\nexcept Exception as e:\n    print('refused:', e)")),
            ScriptedReply.Say(Code("SUBMIT('done')")));

        var result = await _cli.RunAsync("ask", "What is in the notes?");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var feedback = _server.Requests[1].LastMessageText;
        Assert.Contains("remember the milk", feedback, StringComparison.Ordinal);
        Assert.Contains("refused: MF9003", feedback, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(other.Path, "x.txt")));
        Assert.Contains("notes_read_file(", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedTools_GitAndRepoMap_AreInTheRepl()
    {
        _server.Enqueue(ScriptedReply.Say(Code("print(repo_map(tokenBudget=500))")), ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync("ask", "Map the repository");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("src/app.py", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("git_log(", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_PublishesTheCodingAgentAsMcpTools()
    {
        await using var host = Host();
        var gateway = new McpGateway(new ToolContext { ProjectRoot = _cli.Project.Path }, [new BuiltInToolProvider(), host.Get<AgentToolProvider>()]);
        await using var mcp = await gateway.StartHttpAsync(cancellationToken: Cancellation);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = mcp.Endpoint }), cancellationToken: Cancellation);
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('main() returns ' + read_file('src/app.py').split()[-1])")));

        var tools = await client.ListToolsAsync(cancellationToken: Cancellation);
        var answer = await client.CallToolAsync("memfun_ask", new Dictionary<string, object?> { ["question"] = "What does main return?" }, cancellationToken: Cancellation);

        Assert.Contains(tools, t => t.Name == "memfun_ask" && t.ProtocolTool.Annotations?.ReadOnlyHint == true);
        Assert.Contains(tools, t => t.Name == "memfun_review");
        Assert.DoesNotContain(tools, t => t.Name == "memfun_fix");
        Assert.NotEqual(true, answer.IsError);
        Assert.Equal("main() returns 'hello'", Assert.IsType<TextContentBlock>(Assert.Single(answer.Content)).Text);
    }

    [Fact]
    public async Task Gateway_PublishesSkillsAndAgentsAsMcpTools()
    {
        _cli.Project.WriteFile(".memfun/skills/greeter/SKILL.md", "---\nname: greeter\ndescription: Greets whoever asks, politely.\n---\nSay hello to the input.\n");
        await using var host = Host();
        var gateway = new McpGateway(new ToolContext { ProjectRoot = _cli.Project.Path }, [host.Get<SkillToolProvider>()]);
        await using var mcp = await gateway.StartHttpAsync(cancellationToken: Cancellation);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = mcp.Endpoint }), cancellationToken: Cancellation);
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('Hello, Ada!')")));

        var tools = await client.ListToolsAsync(cancellationToken: Cancellation);
        var answer = await client.CallToolAsync("skill_greeter", new Dictionary<string, object?> { ["input"] = "Ada" }, cancellationToken: Cancellation);

        Assert.Contains(tools, t => t.Name == "skill_greeter" && t.Description == "Greets whoever asks, politely.");
        Assert.Contains(tools, t => t.Name == "agent_reviewer");
        Assert.Equal("Hello, Ada!", Assert.IsType<TextContentBlock>(Assert.Single(answer.Content)).Text);
        Assert.Contains("Say hello to the input.", string.Concat(_server.Requests[0].MessageTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_AnnotatesSkillsTruthfully_AndRefusesOneThatRunsCommandsWithoutWritesAllowed()
    {
        _cli.Project.WriteFile(".memfun/skills/greeter/SKILL.md", "---\nname: greeter\ndescription: Greets whoever asks, politely.\n---\nSay hello.\n");
        await using var host = Host();
        var gateway = new McpGateway(new ToolContext { ProjectRoot = _cli.Project.Path }, [host.Get<SkillToolProvider>()]);
        await using var mcp = await gateway.StartHttpAsync(cancellationToken: Cancellation);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = mcp.Endpoint }), cancellationToken: Cancellation);

        var tools = (await client.ListToolsAsync(cancellationToken: Cancellation)).ToDictionary(t => t.Name);
        var refused = await client.CallToolAsync("skill_commit-message", new Dictionary<string, object?> { ["input"] = "" }, cancellationToken: Cancellation);

        // The built-in skill runs `git` commands without asking; the project skill only reads.
        Assert.Equal(true, tools["skill_commit-message"].ProtocolTool.Annotations?.DestructiveHint);
        Assert.NotEqual(true, tools["skill_commit-message"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.Equal(true, tools["skill_greeter"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.True(refused.IsError);
        Assert.StartsWith("MF9003", Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Gateway_CallsShareTheServersBridge_AndEachHasItsOwnBudget()
    {
        // The bridged server logs each start; the calls' budget allows one model call per run.
        var starts = _cli.Project.Combine("starts.log");
        var serve = $"echo started >> '{starts}'; exec dotnet '{Path.Combine(AppContext.BaseDirectory, "memfun.dll")}' mcp serve";
        await _cli.WriteTrustedConfigAsync($"[llm]\nmax_calls_per_run = 1\n\n[mcp.servers.upstream]\ncommand = \"sh\"\nargs = [\"-c\", \"{serve.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]\n");
        await using var host = Host();
        var gateway = new McpGateway(new ToolContext { ProjectRoot = _cli.Project.Path }, [host.Get<AgentToolProvider>()]);
        await using var mcp = await gateway.StartHttpAsync(cancellationToken: Cancellation);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = mcp.Endpoint }), cancellationToken: Cancellation);
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('first')")), ScriptedReply.Say(Code("SUBMIT('second')")));

        var first = await client.CallToolAsync("memfun_ask", new Dictionary<string, object?> { ["question"] = "One?" }, cancellationToken: Cancellation);
        var second = await client.CallToolAsync("memfun_ask", new Dictionary<string, object?> { ["question"] = "Two?" }, cancellationToken: Cancellation);

        Assert.Equal("first", Assert.IsType<TextContentBlock>(Assert.Single(first.Content)).Text);
        Assert.Equal("second", Assert.IsType<TextContentBlock>(Assert.Single(second.Content)).Text);
        Assert.Equal(["started"], await File.ReadAllLinesAsync(starts, Cancellation));
        Assert.Contains("upstream_read_file(", _server.Requests[1].MessageTexts[0], StringComparison.Ordinal);
    }

    private MemfunHost Host()
    {
        var config = ConfigLoader.Load(
            new ConfigLoadOptions { WorkingDirectory = _cli.Project.Path, Environment = _cli.Environment, UserConfigPath = _cli.Project.Combine("no-user-config.toml") });
        return MemfunHost.Create(config, new MemfunHostEnvironment(_cli.Environment), NullLoggerFactory.Instance);
    }
}
