using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Tools.Mcp;
using ModelContextProtocol.Client;

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
