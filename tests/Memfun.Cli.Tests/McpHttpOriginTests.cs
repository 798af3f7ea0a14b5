using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>
/// DNS-rebinding and cross-origin attacks on the built <c>memfun mcp serve --http</c>: raw HTTP on loopback with the
/// Host and Origin headers a browser sends. After DNS rebinding, the attacker's page reaches 127.0.0.1 but its
/// requests still carry the attacker's name in Host and Origin.
/// </summary>
public sealed class McpHttpOriginTests(McpHttpOriginTests.GuardedServer server) : IClassFixture<McpHttpOriginTests.GuardedServer>
{
    private static readonly HttpClient Http = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evil.example:{port}")] // the attacker's own name, re-pointed at 127.0.0.1
    [InlineData("127.0.0.1.nip.io:{port}")] // a public name that resolves to a loopback address
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("proxy.test.evil.example:{port}")] // ends in an allowed host, but is not it
    [InlineData("127.0.0.1:{other}")] // a loopback name, but another port
    [InlineData("localhost")] // no port means port 80
    public async Task ForeignHost_Gets403_AndTheToolNeverRuns(string host)
    {
        var file = $"host-{Guid.NewGuid():N}.txt";

        var (status, body) = await CallAsync(Fill(host), origin: null, "write_file", new() { ["path"] = file, ["content"] = "pwned" });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertJsonRpcForbidden(body, "Host");
        Assert.False(File.Exists(server.Project.Combine(file)));
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://evil.example:{port}")]
    [InlineData("null")] // sandboxed frames and file:// pages
    [InlineData("http://localhost:{other}")] // a page served by another local server
    [InlineData("https://127.0.0.1:{port}")]
    [InlineData("http://app.test:3001")] // the allowed origin is exact: another port is foreign
    public async Task ForeignOrigin_Gets403_EvenWithAValidHost(string origin)
    {
        var file = $"origin-{Guid.NewGuid():N}.txt";

        var (status, body) = await CallAsync(Fill("127.0.0.1:{port}"), Fill(origin), "write_file", new() { ["path"] = file, ["content"] = "pwned" });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        AssertJsonRpcForbidden(body, "Origin");
        Assert.False(File.Exists(server.Project.Combine(file)));
    }

    [Fact]
    public async Task DnsRebinding_ReadFileFromTheAttackersPage_LeaksNothing()
    {
        // What the page on evil.example sends once evil.example resolves to 127.0.0.1, next to what a local client sends.
        var attack = await CallAsync(Fill("evil.example:{port}"), Fill("http://evil.example:{port}"), "read_file", new() { ["path"] = "secret.txt" });
        var local = await CallAsync(Fill("127.0.0.1:{port}"), origin: null, "read_file", new() { ["path"] = "secret.txt" });

        Assert.Equal(HttpStatusCode.Forbidden, attack.Status);
        Assert.DoesNotContain(GuardedServer.Secret, attack.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, local.Status);
        Assert.Contains(GuardedServer.Secret, local.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:{port}", null)] // a non-browser client sends no Origin
    [InlineData("localhost:{port}", "http://localhost:{port}")] // the server's own origin
    [InlineData("[::1]:{port}", null)]
    [InlineData("127.0.0.1:{port}", "http://app.test:3000")] // --allowed-origin
    [InlineData("proxy.test", null)] // --allowed-host without a port accepts any port
    [InlineData("PROXY.test:8443", "http://APP.test:3000")] // names compare case-insensitively
    public async Task LoopbackOrAllowedNames_ReachTheTool(string host, string? origin)
    {
        var file = $"ok-{Guid.NewGuid():N}.txt";

        var (status, body) = await CallAsync(Fill(host), origin is null ? null : Fill(origin), "write_file", new() { ["path"] = file, ["content"] = "fine" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Created " + file, body, StringComparison.Ordinal);
        Assert.Equal("fine", await File.ReadAllTextAsync(server.Project.Combine(file), _ct));
    }

    [Fact]
    public async Task AllowedOrigin_GetsCorsAnswers_AndAForeignOriginsPreflightIsRefused()
    {
        var allowed = await PreflightAsync("http://app.test:3000");
        var foreign = await PreflightAsync("http://evil.example");

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("http://app.test:3000", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static void AssertJsonRpcForbidden(string body, string header)
    {
        // The MCP transport spec: HTTP 403, optionally with a JSON-RPC error response that has no id.
        using var json = JsonDocument.Parse(body);
        Assert.Equal("2.0", json.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("id").ValueKind);
        var message = json.RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith("Forbidden: the " + header, message, StringComparison.Ordinal);
    }

    private string Fill(string template) => template
        .Replace("{port}", server.Serve.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{other}", (server.Serve.Port + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task<(HttpStatusCode Status, string Body)> CallAsync(string host, string? origin, string tool, Dictionary<string, string> arguments)
    {
        var call = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = tool, arguments } });
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Serve.Endpoint) { Content = new StringContent(call, Encoding.UTF8, "application/json") };
        request.Headers.Host = host;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        using var response = await Http.SendAsync(request, _ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(_ct));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, server.Serve.Endpoint);
        request.Headers.Host = Fill("127.0.0.1:{port}");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "content-type");
        return await Http.SendAsync(request, _ct);
    }

    /// <summary>One served project for the class: writes allowed, one extra origin and one extra host.</summary>
    public sealed class GuardedServer : IAsyncLifetime
    {
        public const string Secret = "TOP-SECRET-7f3a";

        public TempDirectory Project { get; } = new();

        public McpServeProcess Serve { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Project.WriteFile("secret.txt", Secret + "\n");
            Serve = await McpServeProcess.StartAsync(Project.Path, null, "--allow-writes", "--allowed-origin", "http://app.test:3000", "--allowed-host", "proxy.test");
        }

        public async ValueTask DisposeAsync()
        {
            await Serve.DisposeAsync();
            Project.Dispose();
        }
    }
}
