using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>
/// The official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, which scripts/install-deps.sh installs
/// with Node 22 under /opt/mcp-conformance) against the built <c>memfun mcp serve --http</c>.
/// </summary>
/// <remarks>
/// <c>MEMFUN_MCP_CONFORMANCE</c> names another install prefix. A missing suite skips these tests, or fails them
/// when <c>MEMFUN_REQUIRE_SERVERS=1</c> (as in CI).
/// </remarks>
public sealed partial class McpConformanceTests(McpConformanceTests.PlainServer server) : IClassFixture<McpConformanceTests.PlainServer>
{
    /// <summary>The suite's server scenarios that apply to the gateway; each must pass.</summary>
    public static readonly TheoryData<string> Applicable = ["server-initialize", "ping", "logging-set-level", "tools-list", "dns-rebinding-protection", "resources-list", "prompts-list", "completion-complete"];

    /// <summary>The suite's other server scenarios, and why they do not apply to the gateway.</summary>
    private static readonly Dictionary<string, string> LeftOut = new(StringComparer.Ordinal)
    {
        ["tools-call-simple-text"] = FixtureTool,
        ["tools-call-image"] = FixtureTool,
        ["tools-call-audio"] = FixtureTool,
        ["tools-call-embedded-resource"] = FixtureTool,
        ["tools-call-mixed-content"] = FixtureTool,
        ["tools-call-with-logging"] = FixtureTool,
        ["tools-call-error"] = FixtureTool,
        ["tools-call-with-progress"] = FixtureTool,
        ["tools-call-sampling"] = FixtureTool,
        ["tools-call-elicitation"] = FixtureTool,
        ["json-schema-2020-12"] = FixtureTool,
        ["elicitation-sep1034-defaults"] = FixtureTool,
        ["elicitation-sep1330-enums"] = FixtureTool,
        ["resources-read-text"] = FixtureResource,
        ["resources-read-binary"] = FixtureResource,
        ["resources-templates-read"] = FixtureResource,
        ["resources-subscribe"] = NoSubscriptions,
        ["resources-unsubscribe"] = NoSubscriptions,
        ["prompts-get-simple"] = FixturePrompt,
        ["prompts-get-with-args"] = FixturePrompt,
        ["prompts-get-embedded-resource"] = FixturePrompt,
        ["prompts-get-with-image"] = FixturePrompt,
        ["server-sse-polling"] = Stateless + "; it also calls the reference server's test_reconnection tool",
        ["server-sse-multiple-streams"] = Stateless,
    };

    private const string FixtureTool = "calls a fixture tool of the suite's reference server (test_simple_text, json_schema_2020_12_tool, ...) that the gateway does not publish";
    private const string FixtureResource = "reads a fixture resource of the suite's reference server (test://static-text, test://static-binary, test://template/{id}/data); the gateway's resources are memfun://files/..., memfun://repo-map and memfun://traces/..., read in Memfun.Tools.Tests/McpResourceTests";
    private const string FixturePrompt = "gets a fixture prompt of the suite's reference server (test_simple_prompt, test_prompt_with_arguments, ...); the gateway's prompts are the skills, got in McpServeTests";
    private const string NoSubscriptions = "subscribes to test://watched-resource; the gateway does not offer resource subscriptions (project files change outside it, with nothing watching them)";
    private const string Stateless = "tests session resumption (SEP-1699), but the gateway serves stateless Streamable HTTP (no Mcp-Session-Id), so the scenario only reports warnings";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Applicable))]
    public async Task ServerScenario_Passes(string scenario)
    {
        using var output = new TempDirectory();

        var run = await RunSuiteAsync(output.Path, "server", "--url", server.Serve.Endpoint.ToString(), "--scenario", scenario, "--output-dir", output.Path);

        var checks = Directory.GetFiles(output.Path, "checks.json", SearchOption.AllDirectories)
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.EnumerateArray()
                .Select(c => (Id: c.GetProperty("id").GetString(), Status: c.GetProperty("status").GetString(), Error: c.TryGetProperty("errorMessage", out var e) ? e.GetString() : null)))
            .ToList();
        var failures = checks.Where(c => c.Status is "FAILURE" or "ERROR").Select(c => $"{c.Id}: {c.Error}").ToList();
        Assert.True(run.ExitCode == 0 && failures.Count == 0, $"Scenario {scenario} failed ({string.Join("; ", failures)}):\n{run.Output}");
        Assert.Contains(checks, c => c.Status == "SUCCESS");
    }

    [Fact]
    public async Task EveryServerScenario_IsRunOrLeftOutForAReason()
    {
        using var output = new TempDirectory();

        var run = await RunSuiteAsync(output.Path, "list", "--server");

        var listed = ScenarioLine().Matches(run.Output).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var known = Applicable.Select(row => row.Data).Concat(LeftOut.Keys).Order(StringComparer.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(known, listed);
    }

    private async Task<(int ExitCode, string Output)> RunSuiteAsync(string workingDirectory, params string[] args)
    {
        var prefix = Environment.GetEnvironmentVariable("MEMFUN_MCP_CONFORMANCE") is { Length: > 0 } configured ? configured : "/opt/mcp-conformance";
        var node = Path.Combine(prefix, "node_modules", ".bin", "node");
        var suite = Path.Combine(prefix, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
        if (!File.Exists(node) || !File.Exists(suite))
        {
            var missing = $"The MCP conformance suite is not installed under {prefix} (Node 22 and @modelcontextprotocol/conformance)";
            if (TestServers.Required)
            {
                Assert.Fail($"{missing}, and MEMFUN_REQUIRE_SERVERS=1 requires it. Run scripts/install-deps.sh.");
            }

            Assert.Skip($"{missing}: run scripts/install-deps.sh, or set MEMFUN_MCP_CONFORMANCE to its prefix, to run this test.");
        }

        var info = new ProcessStartInfo(node) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(suite);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(_ct);
        var stderr = process.StandardError.ReadToEndAsync(_ct);
        try
        {
            await process.WaitForExitAsync(_ct).WaitAsync(TimeSpan.FromMinutes(3), _ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^\s*-\s+([a-z0-9-]+)\s+\[", RegexOptions.Multiline)]
    private static partial Regex ScenarioLine();

    /// <summary>The gateway as a local user runs it: loopback, no token, read-only.</summary>
    public sealed class PlainServer : IAsyncLifetime
    {
        private readonly TempDirectory _project = new();

        public McpServeProcess Serve { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _project.WriteFile("README.md", "A project.\n");
            Serve = await McpServeProcess.StartAsync(_project.Path);
        }

        public async ValueTask DisposeAsync()
        {
            await Serve.DisposeAsync();
            _project.Dispose();
        }
    }
}
