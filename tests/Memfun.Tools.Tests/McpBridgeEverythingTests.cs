using Memfun.Core.Errors;
using Memfun.Testing;
using Memfun.Tools.Mcp;

namespace Memfun.Tools.Tests;

/// <summary>
/// The MCP bridge against the reference server <c>@modelcontextprotocol/server-everything</c> (scripts/install-deps.sh
/// installs it from npm under /opt/mcp-everything, and Node 22 under /opt/mcp-conformance) over stdio.
/// </summary>
/// <remarks>
/// <c>MEMFUN_MCP_EVERYTHING</c> names another install prefix. A missing server skips these tests, or fails them when
/// <c>MEMFUN_REQUIRE_SERVERS=1</c> (as in CI).
/// </remarks>
public sealed class McpBridgeEverythingTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bridge_ListsTheReferenceServersTools_WithTheirAnnotations_AndCallsThem()
    {
        await using var bridge = await ConnectAsync(allowWrites: false);
        var tools = bridge.Tools.ToDictionary(t => t.Name);

        var echo = await bridge.CallAsync("everything_echo", new Dictionary<string, object?> { ["message"] = "hello bridge" }, _ct);
        var sum = await bridge.CallAsync("everything_get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 }, _ct);
        var badArguments = await bridge.CallAsync("everything_get-sum", new Dictionary<string, object?> { ["a"] = "two" }, _ct);
        var write = await bridge.CallAsync("everything_gzip-file-as-resource", new Dictionary<string, object?> { ["name"] = "x.gz", ["data"] = "data:text/plain,hi" }, _ct);

        Assert.Empty(bridge.Failures);
        Assert.Equal((ToolEffects.ReadOnly, true), (tools["everything_echo"].Effects, tools["everything_echo"].Idempotent));
        Assert.Equal(ToolEffects.Write, tools["everything_gzip-file-as-resource"].Effects);
        Assert.Equal("Echo: hello bridge", echo.Text);
        Assert.Equal("The sum of 2 and 40 is 42.", sum.Text);
        Assert.True(badArguments.IsError);
        Assert.True(write.IsError);
        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, write.ErrorCode);
    }

    [Fact]
    public async Task Gateway_RepublishesTheBridgedTools_WithTruthfulAnnotations()
    {
        await using var bridge = await ConnectAsync(allowWrites: true);
        var gateway = new McpGateway(new ToolContext { ProjectRoot = Path.GetTempPath() }, [bridge]);
        await using var server = await gateway.StartHttpAsync(cancellationToken: _ct);
        await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(
            new ModelContextProtocol.Client.HttpClientTransport(new ModelContextProtocol.Client.HttpClientTransportOptions { Endpoint = server.Endpoint }), cancellationToken: _ct);

        var tools = (await client.ListToolsAsync(cancellationToken: _ct)).ToDictionary(t => t.Name, t => t.ProtocolTool.Annotations!);
        var echo = await client.CallToolAsync("everything_echo", new Dictionary<string, object?> { ["message"] = "twice bridged" }, cancellationToken: _ct);

        Assert.Equal((true, true, true), (tools["everything_echo"].ReadOnlyHint, tools["everything_echo"].IdempotentHint, tools["everything_echo"].OpenWorldHint));
        Assert.Equal((false, false), (tools["everything_gzip-file-as-resource"].ReadOnlyHint, tools["everything_gzip-file-as-resource"].DestructiveHint));
        Assert.Equal("Echo: twice bridged", MemfunTool.ToResult(echo).Text);
    }

    private async Task<McpToolBridge> ConnectAsync(bool allowWrites)
    {
        var prefix = Environment.GetEnvironmentVariable("MEMFUN_MCP_EVERYTHING") is { Length: > 0 } configured ? configured : "/opt/mcp-everything";
        var server = Path.Combine(prefix, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        var node = new[] { "/opt/mcp-conformance/node_modules/.bin/node", "/usr/bin/node", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);
        if (node is null || !File.Exists(server))
        {
            var missing = $"The reference MCP server is not installed under {prefix} (npm @modelcontextprotocol/server-everything, and Node)";
            if (TestServers.Required)
            {
                Assert.Fail($"{missing}, and MEMFUN_REQUIRE_SERVERS=1 requires it. Run scripts/install-deps.sh.");
            }

            Assert.Skip($"{missing}: run scripts/install-deps.sh, or set MEMFUN_MCP_EVERYTHING to its prefix, to run this test.");
        }

        var settings = new McpServerSettings { Name = "everything", Command = node, Args = [server, "stdio"] };
        return await McpToolBridge.ConnectAsync([settings], new Dictionary<string, string?> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") }, allowWrites, cancellationToken: _ct);
    }
}
