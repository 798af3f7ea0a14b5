using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Llm.Usage;
using Memfun.Testing;
using Memfun.Tools.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Memfun.Cli.Tests;

/// <summary>Runs the built <c>memfun mcp serve</c> as a child process and talks to it with real MCP clients.</summary>
public sealed class McpServeTests : IDisposable
{
    private readonly TempDirectory _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public McpServeTests()
    {
        _project.WriteFile("src/Greeter.cs", "namespace Demo;\n\npublic class Greeter\n{\n    public string Hello() => \"hi\";\n}\n");
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task Stdio_SdkClient_ListsAndCallsTools_AndGetsToolErrors()
    {
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(ServeOptions()), cancellationToken: _ct);

        var tools = await client.ListToolsAsync(cancellationToken: _ct);
        var read = MemfunTool.ToResult(await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "src/Greeter.cs" }, cancellationToken: _ct));
        var escape = MemfunTool.ToResult(await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "../x" }, cancellationToken: _ct));
        var grep = MemfunTool.ToResult(await client.CallToolAsync("grep", new Dictionary<string, object?> { ["pattern"] = "Hello" }, cancellationToken: _ct));

        Assert.Contains(tools, t => t.Name == "repo_map");
        Assert.Contains("public class Greeter", read.Text, StringComparison.Ordinal);
        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, escape.ErrorCode);
        Assert.StartsWith("src/Greeter.cs:5:", grep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_OverStdio_WritesThroughTheBuiltServer_WhenWritesAreAllowed()
    {
        var options = ServeOptions("--allow-writes");
        var server = new McpServerSettings { Name = "memfun", Command = options.Command, Args = [.. options.Arguments!] };
        var environment = new Dictionary<string, string?> { ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"), ["HOME"] = System.Environment.GetEnvironmentVariable("HOME"), ["DOTNET_ROOT"] = System.Environment.GetEnvironmentVariable("DOTNET_ROOT") };

        await using var bridge = await McpToolBridge.ConnectAsync([server], environment, allowWrites: true, workingDirectory: _project.Path, cancellationToken: _ct);
        var write = await bridge.CallAsync("memfun_write_file", new Dictionary<string, object?> { ["path"] = "notes.txt", ["content"] = "bridged" }, _ct);
        var map = await bridge.CallAsync("memfun_repo_map", new Dictionary<string, object?> { ["identifiers"] = new[] { "Greeter" } }, _ct);

        Assert.Empty(bridge.Failures);
        Assert.False(write.IsError, write.Text);
        Assert.Equal("bridged", await File.ReadAllTextAsync(_project.Combine("notes.txt"), _ct));
        Assert.Contains("class Greeter", map.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_SdkClient_CallsTheBuiltServer_WithItsBearerToken()
    {
        await using var server = await McpServeProcess.StartAsync(_project.Path, new Dictionary<string, string> { ["TEST_MCP_TOKEN"] = "t0ken" }, "--token-env", "TEST_MCP_TOKEN");
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint, AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer t0ken" } }),
            cancellationToken: _ct);

        var glob = MemfunTool.ToResult(await client.CallToolAsync("glob", new Dictionary<string, object?> { ["pattern"] = "*.cs" }, cancellationToken: _ct));
        var write = MemfunTool.ToResult(await client.CallToolAsync("write_file", new Dictionary<string, object?> { ["path"] = "x.txt", ["content"] = "x" }, cancellationToken: _ct));

        Assert.Equal("src/Greeter.cs\n", glob.Text);
        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, write.ErrorCode);
        await Assert.ThrowsAnyAsync<Exception>(() => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint }), cancellationToken: _ct));
    }

    [Fact]
    public async Task Stdio_PublishesSkillsAsPrompts_AndTracesAsResources_WithCompletion()
    {
        _project.WriteFile(".memfun/skills/greeter/SKILL.md", "---\nname: greeter\ndescription: Greets whoever asks, politely.\n---\nSay hello to the input.\n");
        using (var collector = new TraceCollector(_project.Combine(".memfun/traces")))
        {
            var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
            collector.OnEvent(new RlmRunStarted("run-42", 0, at, null, "where is Greeter?", "m", 100));
            collector.OnEvent(new RlmRunFinished("run-42", 0, at, "src/Greeter.cs", RlmTermination.Submitted, null, 1, 0, UsageTotals.Zero, 5));
        }

        await using var client = await McpClient.CreateAsync(new StdioClientTransport(ServeOptions()), cancellationToken: _ct);
        var prompts = await client.ListPromptsAsync(cancellationToken: _ct);
        var greeter = await client.GetPromptAsync("greeter", new Dictionary<string, object?> { ["input"] = "Ada" }, cancellationToken: _ct);
        var resources = await client.ListResourcesAsync(cancellationToken: _ct);
        var trace = await client.ReadResourceAsync("memfun://traces/last", cancellationToken: _ct);
        var traceIds = await client.CompleteAsync(new ResourceTemplateReference { Uri = "memfun://traces/{id}" }, "id", "run-", cancellationToken: _ct);
        var skillInput = await client.CompleteAsync(new PromptReference { Name = "greeter" }, "input", "src/", cancellationToken: _ct);

        // Every skill, the project's and the built-in ones, is a prompt with the skill's argument.
        Assert.Contains(prompts, p => p.Name == "commit-message");
        Assert.Equal(["input"], prompts.Single(p => p.Name == "greeter").ProtocolPrompt.Arguments!.Select(a => a.Name));
        var text = Assert.IsType<TextContentBlock>(Assert.Single(greeter.Messages).Content).Text;
        Assert.Contains("Say hello to the input.", text, StringComparison.Ordinal);
        Assert.EndsWith("## Task\nAda\n", text, StringComparison.Ordinal);
        Assert.Contains(resources, r => r.Uri == "memfun://traces/run-42" && r.Title == "where is Greeter?");
        Assert.Contains(resources, r => r.Uri == "memfun://files/src/Greeter.cs");
        Assert.Contains("\"answer\":\"src/Greeter.cs\"", Assert.IsType<TextResourceContents>(Assert.Single(trace.Contents)).Text, StringComparison.Ordinal);
        Assert.Equal(["run-42"], traceIds.Completion.Values);
        Assert.Equal(["src/Greeter.cs"], skillInput.Completion.Values);
    }

    [Fact]
    public async Task ServeHelp_DescribesTheTransports()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("mcp", "serve", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("--http", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--allow-writes", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--allowed-origin", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--allowed-host", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--allowed-origin", "app.test:3000")]
    [InlineData("--allowed-origin", "http://app.test/page")]
    [InlineData("--allowed-host", "proxy.test/x")]
    [InlineData("--allowed-host", "proxy.test:port")]
    public async Task Http_MalformedAllowedOriginOrHost_IsAConfigError_BeforeServing(string option, string value)
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("mcp", "serve", "--http", "--port", "0", option, value);

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains($"{option} '{value}'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("MCP gateway on", result.Stderr, StringComparison.Ordinal);
    }

    private StdioClientTransportOptions ServeOptions(params string[] extra) => new()
    {
        Name = "memfun",
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "memfun.dll"), "mcp", "serve", .. extra],
        WorkingDirectory = _project.Path,
    };
}
