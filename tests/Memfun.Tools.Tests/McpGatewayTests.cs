using System.IO.Pipelines;
using Memfun.Core.Errors;
using Memfun.Tools.Mcp;
using Memfun.Tools.Permissions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Tests;

public sealed class McpGatewayTests : IDisposable
{
    private readonly SampleProject _project = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task InProcessClient_ListsEveryToolWithSchemasAndAnnotations()
    {
        await using var connection = await ConnectInProcessAsync(_project.Context());

        var tools = await connection.Client.ListToolsAsync(cancellationToken: _ct);

        var names = tools.Select(t => t.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "read_file", "list_directory", "glob", "write_file", "edit_file", "grep", "ast_grep", "git_status", "git_diff", "git_log", "git_show", "git_blame", "git_commit", "repo_map", "web_fetch", "web_search" }, names);
        var read = tools.Single(t => t.Name == "read_file").ProtocolTool;
        Assert.True(read.Annotations?.ReadOnlyHint);
        Assert.Equal("string", read.InputSchema.GetProperty("properties").GetProperty("path").GetProperty("type").GetString());
        Assert.Contains("path", read.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(tools.Single(t => t.Name == "write_file").ProtocolTool.Annotations?.DestructiveHint);
        Assert.True(tools.Single(t => t.Name == "web_fetch").ProtocolTool.Annotations?.OpenWorldHint);
    }

    [Fact]
    public async Task InProcessClient_CallsTools_AndGetsErrorsAsIsErrorResults()
    {
        await using var connection = await ConnectInProcessAsync(_project.Context());
        var client = connection.Client;

        var read = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "src/Calculator.cs", ["limit"] = 1 }, cancellationToken: _ct);
        var escape = await client.CallToolAsync("read_file", new Dictionary<string, object?> { ["path"] = "../../etc/passwd" }, cancellationToken: _ct);
        var missingArgument = await client.CallToolAsync("read_file", new Dictionary<string, object?>(), cancellationToken: _ct);
        var badRegex = await client.CallToolAsync("grep", new Dictionary<string, object?> { ["pattern"] = "(" }, cancellationToken: _ct);
        var blockedUrl = await client.CallToolAsync("web_fetch", new Dictionary<string, object?> { ["url"] = "http://169.254.169.254/latest/meta-data/" }, cancellationToken: _ct);
        var write = await client.CallToolAsync("write_file", new Dictionary<string, object?> { ["path"] = "x.txt", ["content"] = "x" }, cancellationToken: _ct);
        var stillAlive = await client.CallToolAsync("list_directory", new Dictionary<string, object?>(), cancellationToken: _ct);

        Assert.Equal("     1\tnamespace Demo;\n[more lines follow; read on with offset=2]\n", Text(read));
        Assert.NotEqual(true, read.IsError);
        AssertError(escape, MemfunErrorCodes.SecurityPathEscape);
        AssertError(missingArgument, MemfunErrorCodes.ToolBadArguments);
        AssertError(badRegex, MemfunErrorCodes.ToolBadArguments);
        AssertError(blockedUrl, MemfunErrorCodes.SecurityBlockedUrl);
        AssertError(write, MemfunErrorCodes.SecurityApprovalRequired);
        Assert.Contains("src/", Text(stillAlive), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClient_CallsTools_OverStreamableHttp()
    {
        var gateway = new McpGateway(_project.Context(allowWrites: true), [new BuiltInToolProvider()]);
        await using var server = await gateway.StartHttpAsync(cancellationToken: _ct);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint }), cancellationToken: _ct);

        var edit = await client.CallToolAsync("edit_file", new Dictionary<string, object?> { ["path"] = "README.md", ["oldString"] = "A calculator.", ["newString"] = "A fine calculator." }, cancellationToken: _ct);
        var glob = await client.CallToolAsync("glob", new Dictionary<string, object?> { ["pattern"] = "*.md" }, cancellationToken: _ct);

        Assert.Equal("Edited README.md: 1 replacement.", Text(edit));
        Assert.Equal("README.md\n", Text(glob));
        Assert.Contains("A fine calculator.", await File.ReadAllTextAsync(_project.Directory.Combine("README.md"), _ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_WithAToken_RefusesClientsWithoutIt()
    {
        var gateway = new McpGateway(_project.Context(), [new BuiltInToolProvider()]);
        await using var server = await gateway.StartHttpAsync(new McpHttpOptions { BearerToken = "s3cret" }, _ct);

        await Assert.ThrowsAnyAsync<Exception>(() => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint }), cancellationToken: _ct));
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = server.Endpoint, AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret" } }),
            cancellationToken: _ct);
        Assert.NotEmpty(await client.ListToolsAsync(cancellationToken: _ct));
    }

    [Fact]
    public async Task Http_WithAToken_AForeignHostIsStillRefused_EvenWithTheToken()
    {
        // A token does not make a rebound name acceptable: Host and Origin are checked first, on every request.
        var gateway = new McpGateway(_project.Context(), [new BuiltInToolProvider()]);
        await using var server = await gateway.StartHttpAsync(new McpHttpOptions { BearerToken = "s3cret" }, _ct);
        using var http = new HttpClient();

        var foreign = await PingAsync(http, server.Endpoint, "evil.example:" + server.Endpoint.Port, "Bearer s3cret");
        var noToken = await PingAsync(http, server.Endpoint, server.Endpoint.Authority, null);
        var ok = await PingAsync(http, server.Endpoint, server.Endpoint.Authority, "Bearer s3cret");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, foreign);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, noToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, ok);
    }

    [Theory]
    [InlineData("app.test", null)]
    [InlineData("ftp://app.test", null)]
    [InlineData("http://user@app.test", null)]
    [InlineData(null, "http://proxy.test")]
    [InlineData(null, "proxy.test:99999")]
    public async Task Http_MalformedAllowedOriginsOrHosts_AreConfigErrors(string? origin, string? host)
    {
        var gateway = new McpGateway(_project.Context(), [new BuiltInToolProvider()]);
        var options = new McpHttpOptions { AllowedOrigins = origin is null ? [] : [origin], AllowedHosts = host is null ? [] : [host] };

        var error = await Assert.ThrowsAsync<ConfigException>(() => gateway.StartHttpAsync(options, _ct));

        Assert.Equal(MemfunErrorCodes.ConfigBadValue, error.ErrorCode);
        Assert.Contains($"'{origin ?? host}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_OnANonLoopbackAddress_NeedsAToken()
    {
        var gateway = new McpGateway(_project.Context(), [new BuiltInToolProvider()]);

        var error = await Assert.ThrowsAsync<SecurityException>(() => gateway.StartHttpAsync(new McpHttpOptions { Address = System.Net.IPAddress.Any }, _ct));

        Assert.Contains("bearer token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Providers_AreTheRegistrationPoint_AndDuplicateNamesAreRefused()
    {
        var extra = new DelegateProvider(_ => [MemfunTool.Create(() => "pong", "ping", ToolEffects.ReadOnly, TrustPolicy.Operator(allowWrites: false))]);

        var gateway = new McpGateway(_project.Context(), [new BuiltInToolProvider(), extra]);
        var duplicate = Assert.Throws<ToolException>(() => new McpGateway(_project.Context(), [extra, extra]));

        Assert.Contains(gateway.Tools, t => t.Name == "ping");
        Assert.Contains("'ping'", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_ConnectsToAnHttpServer_ListsAndCallsTools_WithTheSameApprovalPolicy()
    {
        var gateway = new McpGateway(_project.Context(allowWrites: true), [new BuiltInToolProvider()]);
        await using var server = await gateway.StartHttpAsync(cancellationToken: _ct);
        McpServerSettings[] servers = [new() { Name = "local", Url = server.Endpoint.ToString() }, new() { Name = "broken", Command = "/nonexistent/server" }];

        await using var readOnly = await McpToolBridge.ConnectAsync(servers, new Dictionary<string, string?>(), allowWrites: false, cancellationToken: _ct);
        var grep = await readOnly.CallAsync("local_grep", new Dictionary<string, object?> { ["pattern"] = "class Report" }, _ct);
        var write = await readOnly.CallAsync("local_write_file", new Dictionary<string, object?> { ["path"] = "y.txt", ["content"] = "y" }, _ct);
        var unknown = await readOnly.CallAsync("local_nope", null, _ct);
        var remoteError = await readOnly.CallAsync("local_read_file", new Dictionary<string, object?> { ["path"] = "/etc/passwd" }, _ct);

        Assert.Contains(readOnly.Tools, t => t.Name == "local_read_file" && t.Effects == ToolEffects.ReadOnly);
        Assert.Equal("src/Report.cs:3:public class Report\n[1 matching line in 1 file]\n", grep.Text);
        Assert.True(write.IsError);
        Assert.Equal(MemfunErrorCodes.SecurityApprovalRequired, write.ErrorCode);
        Assert.False(File.Exists(_project.Directory.Combine("y.txt")));
        Assert.Equal(MemfunErrorCodes.ToolNotFound, unknown.ErrorCode);
        Assert.True(remoteError.IsError);
        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, remoteError.ErrorCode);
        Assert.Single(readOnly.Failures);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Bridge_AServerCommandPlantedInTheCurrentDirectory_IsNotStarted()
    {
        // Memfun runs in the project, so its current directory is the repository's: a bare command is looked up on PATH only.
        var name = "memfun-planted-server-" + Guid.NewGuid().ToString("N");
        var marker = _project.Directory.Combine("planted-server-ran");
        var planted = Path.Combine(Directory.GetCurrentDirectory(), name);
        File.WriteAllText(planted, $"#!/bin/sh\ntouch '{marker}'\n");
        File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            McpServerSettings[] servers = [new() { Name = "planted", Command = name }];

            await using var bridge = await McpToolBridge.ConnectAsync(servers, new Dictionary<string, string?>(), allowWrites: false, cancellationToken: _ct);

            Assert.False(File.Exists(marker));
            Assert.Equal($"planted: mcp.servers.planted.command: {name} was not found on PATH.", Assert.Single(bridge.Failures));
        }
        finally
        {
            File.Delete(planted);
        }
    }

    [Fact]
    public void ATool_BuildsItsFunctionOnFirstUse_SoToolsNeverOfferedCostNothing()
    {
        // A method no function can be made of: only asking for the schema or the function finds out.
        var tool = MemfunTool.Create(new ByReference((ref int value) => "never"), "by_ref", ToolEffects.ReadOnly, TrustPolicy.Operator(allowWrites: false));

        Assert.Equal("by_ref", tool.Name);
        Assert.Equal<IEnumerable<string>>(["value"], tool.Arguments.Names);
        Assert.Throws<ArgumentException>(() => tool.InputSchema);
    }

    [Fact]
    public void EveryBuiltInTool_NamesItsArgumentsAsItsSchemaDoes()
    {
        foreach (var tool in new BuiltInToolProvider().GetTools(_project.Context()))
        {
            var (names, required) = tool.Arguments;
            var schema = tool.InputSchema;

            Assert.Equal(schema.GetProperty("properties").EnumerateObject().Select(p => p.Name), names);
            var inSchema = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!) : [];
            Assert.Equal(inSchema.Order(StringComparer.Ordinal), required.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task UnexpectedExceptions_AreErrorResults_AndTheServerKeepsServing()
    {
        var throwing = new DelegateProvider(_ => [MemfunTool.Create(new Func<string>(() => throw new InvalidOperationException("boom")), "explode", ToolEffects.ReadOnly, TrustPolicy.Operator(allowWrites: false))]);
        var toServer = new Pipe();
        var toClient = new Pipe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var serverTask = new McpGateway(_project.Context(), [new BuiltInToolProvider(), throwing]).RunAsync(toServer.Reader.AsStream(), toClient.Writer.AsStream(), stop.Token);
        await using (var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), cancellationToken: _ct))
        {
            var exploded = await client.CallToolAsync("explode", new Dictionary<string, object?>(), cancellationToken: _ct);
            var after = await client.CallToolAsync("glob", new Dictionary<string, object?> { ["pattern"] = "*.md" }, cancellationToken: _ct);

            Assert.True(exploded.IsError);
            Assert.Equal("README.md\n", Text(after));
        }

        // Stopping the server after a tool blew up is a clean shutdown, not a fault.
        await stop.CancelAsync();
        await serverTask.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        Assert.True(serverTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task MemfunTool_CanBeCalledDirectly_WithoutMcp()
    {
        var tools = new BuiltInToolProvider().GetTools(_project.Context()).ToDictionary(t => t.Name);

        var ok = await tools["glob"].InvokeAsync(new Dictionary<string, object?> { ["pattern"] = "*.py" }, _ct);
        var bad = await tools["git_log"].InvokeAsync(new Dictionary<string, object?> { ["maxCount"] = 0 }, _ct);

        Assert.Equal(new ToolCallResult("tools/util.py\n"), ok);
        Assert.True(bad.IsError);
        Assert.Equal(MemfunErrorCodes.ToolBadArguments, bad.ErrorCode);
    }

    private async Task<System.Net.HttpStatusCode> PingAsync(HttpClient http, Uri endpoint, string host, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Host = host;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request, _ct);
        return response.StatusCode;
    }

    private static string Text(CallToolResult result) => MemfunTool.ToResult(result).Text;

    private static void AssertError(CallToolResult result, string code)
    {
        Assert.True(result.IsError, Text(result));
        Assert.StartsWith(code + ":", Text(result), StringComparison.Ordinal);
    }

    private async Task<Connection> ConnectInProcessAsync(ToolContext context)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var gateway = new McpGateway(context, [new BuiltInToolProvider()]);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var serverTask = gateway.RunAsync(toServer.Reader.AsStream(), toClient.Writer.AsStream(), stop.Token);
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), cancellationToken: _ct);
        return new Connection(client, stop, serverTask);
    }

    private sealed record Connection(McpClient Client, CancellationTokenSource Stop, Task Server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Stop.CancelAsync();
            try
            {
                await Server;
            }
            catch (OperationCanceledException)
            {
            }

            Stop.Dispose();
        }
    }

    private sealed class DelegateProvider(Func<ToolContext, IEnumerable<MemfunTool>> tools) : IToolProvider
    {
        public IEnumerable<MemfunTool> GetTools(ToolContext context) => tools(context);
    }

    private delegate string ByReference(ref int value);
}
