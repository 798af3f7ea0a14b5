using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Memfun.Core.Errors;

namespace Memfun.Cli.Tests;

public sealed class DoctorTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<Dictionary<string, (string Status, bool Required, string? Fix)>> DoctorAsync(int expectedExitCode)
    {
        var result = await _cli.RunAsync("doctor", "--json");
        Assert.Equal(expectedExitCode, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => (e.GetProperty("status").GetString()!, e.GetProperty("required").GetBoolean(), e.GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task Doctor_UnreachableRequiredBackend_FailsAndSaysHowToFix()
    {
        File.WriteAllText(_cli.Project.Combine("memfun.toml"), $"[backend]\ntier = \"redis\"\n[llm]\nbase_url = \"http://127.0.0.1:{ClosedPort()}/v1\"\n");
        _cli.Environment["MEMFUN_BACKEND_REDIS_URL"] = $"redis://:pw-secret-123@127.0.0.1:{ClosedPort()}";

        var checks = await DoctorAsync(ExitCodes.ChecksFailed);

        var backend = checks["backend"];
        Assert.Equal("missing", backend.Status);
        Assert.True(backend.Required);
        Assert.Contains("tier = \"sqlite\"", backend.Fix, StringComparison.Ordinal);
        Assert.Equal("missing", checks["model endpoint"].Status);
    }

    [Fact]
    public async Task Doctor_ACostBudgetWithAModelWithoutAPrice_IsAWarningSayingHowToPriceIt()
    {
        // The user's own file (the harness's user configuration path): a budget is the user's to set.
        var user = _cli.Project.WriteFile("no-user-config.toml", "[llm]\nmodel = \"house-model\"\nmax_cost_usd = 2.0\n");
        _cli.Environment["MEMFUN_BACKEND_TIER"] = "memory";

        var unpriced = await BudgetAsync();
        File.AppendAllText(user, "[llm.prices.house-model]\ninput_per_mtok = 0.0\noutput_per_mtok = 0.0\n");
        var priced = await BudgetAsync();
        File.WriteAllText(user, "[llm]\nmodel = \"house-model\"\n");
        var none = await BudgetAsync();

        Assert.Equal(("warning", "$2 per run, but model house-model has no price, so every run is refused (MF8007)"), (unpriced.Status, unpriced.Detail));
        Assert.Contains("[llm.prices.\"house-model\"]", unpriced.Fix, StringComparison.Ordinal);
        Assert.Equal(("ok", "$2 per run; house-model priced"), (priced.Status, priced.Detail));
        Assert.Equal("ok", none.Status);
        Assert.StartsWith("none:", none.Detail, StringComparison.Ordinal);
    }

    private async Task<(string Status, string Detail, string? Fix)> BudgetAsync()
    {
        var result = await _cli.RunAsync("doctor", "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        var check = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "cost budget");
        return (check.GetProperty("status").GetString()!, check.GetProperty("detail").GetString()!, check.GetProperty("fix").GetString());
    }

    [Fact]
    public async Task Doctor_ShowsTheTestCommandAndWhereItCameFrom()
    {
        File.WriteAllText(_cli.Project.Combine("memfun.toml"), $"[backend]\ntier = \"memory\"\n[llm]\nbase_url = \"http://127.0.0.1:{ClosedPort()}/v1\"\n");
        _cli.Project.WriteFile("test_app.py", "import unittest\n");

        var detected = await _cli.RunAsync("doctor");
        File.AppendAllText(_cli.Project.Combine("memfun.toml"), "[project]\ntest = \"make check\"\n");
        var configured = await _cli.RunAsync("doctor");

        Assert.Contains("python3 -m unittest (detected: Python project)", detected.Stdout, StringComparison.Ordinal);
        Assert.Contains("make check (memfun.toml [project] test)", configured.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_BrokenConfig_IsReportedWithItsFileAndLine_AndTheChecksStillRun()
    {
        File.WriteAllText(_cli.Project.Combine("memfun.toml"), "[backend]\ntier = \"memory\"\n[llm]\nmax_retries = \"many\"\n");

        var result = await _cli.RunAsync("doctor");

        Assert.Contains("configuration: " + _cli.Project.Combine("memfun.toml") + ":4:1: llm.max_retries", result.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"│ python3 \(REPL kernel\)\s+│ OK ", result.Stdout);
    }

    [Fact]
    public async Task Doctor_APlantedConfigValueWithEscapeSequences_IsReportedInert()
    {
        // A cloned project's memfun.toml whose invalid value would clear the screen and set the clipboard if echoed.
        File.WriteAllText(_cli.Project.Combine("memfun.toml"), "[backend]\ntier = \"memory\"\n[llm]\nmax_retries = \"\\u001b[2J\\u001b]52;c;ZWNobw==\\u0007\"\n");

        var result = await _cli.RunAsync("doctor");

        Assert.Contains("llm.max_retries", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("^[[2J^[]52;c;ZWNobw==^G", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stderr);
        Assert.DoesNotContain('\u0007', result.Stderr);
    }

    [Fact]
    public async Task Doctor_MemoryBackend_PassesTheBackendCheckAndFindsPython()
    {
        File.WriteAllText(_cli.Project.Combine("memfun.toml"), "[backend]\ntier = \"memory\"\n");

        var result = await _cli.RunAsync("doctor", "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        var checks = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("status").GetString());

        Assert.Equal("ok", checks["backend"]);
        Assert.Equal("ok", checks["python3 (REPL kernel)"]);
        Assert.Equal("ok", checks[".NET runtime"]);
    }

    [Fact]
    public async Task Doctor_MissingApiKeyVariable_IsReportedWithTheVariableName()
    {
        await _cli.WriteTrustedConfigAsync("[llm]\nprovider = \"openai\"\napi_key_env = \"MEMFUN_TEST_UNSET_KEY\"\n[backend]\ntier = \"memory\"\n");

        var result = await _cli.RunAsync("doctor", "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        var endpoint = json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "model endpoint");

        Assert.Equal("missing", endpoint.GetProperty("status").GetString());
        Assert.Contains("$MEMFUN_TEST_UNSET_KEY is not set", endpoint.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_ForeignSqliteFile_IsReportedWithItsPath()
    {
        await _cli.WriteTrustedConfigAsync("[backend]\ntier = \"sqlite\"\nsqlite_path = \"data.db\"\n");
        File.WriteAllText(_cli.Project.Combine("data.db"), "not a database");

        var checks = await DoctorAsync(ExitCodes.ChecksFailed);

        Assert.Equal("missing", checks["backend"].Status);
        Assert.Equal("not a database", File.ReadAllText(_cli.Project.Combine("data.db")));
    }

    [Fact]
    public async Task Doctor_DockerSandboxWithoutADaemon_FailsWithHowToFix()
    {
        await _cli.WriteTrustedConfigAsync("[sandbox]\nkind = \"docker\"\n[backend]\ntier = \"memory\"\n");
        System.Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix:///tmp/no-docker-{Guid.NewGuid():N}.sock");
        try
        {
            var checks = await DoctorAsync(ExitCodes.ChecksFailed);

            Assert.Equal("missing", checks["docker (sandbox host)"].Status);
            Assert.Contains("kind = \"local\"", checks["docker (sandbox host)"].Fix, StringComparison.Ordinal);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("DOCKER_HOST", null);
        }
    }

    private async Task<JsonElement> BubblewrapCheckAsync(string toml)
    {
        await _cli.WriteTrustedConfigAsync(toml);
        var result = await _cli.RunAsync("doctor", "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "bubblewrap (sandbox isolation)").Clone();
    }

    [Fact]
    public async Task Doctor_RequiresWorkingBubblewrap_ForTheLocalSandbox()
    {
        var check = await BubblewrapCheckAsync("[backend]\ntier = \"memory\"\n");

        Assert.True(check.GetProperty("required").GetBoolean());
        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.Contains("the sandbox isolates code", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_IsolationNone_SaysBubblewrapIsNotUsedAndWhatThatMeans()
    {
        var check = await BubblewrapCheckAsync("[sandbox]\nisolation = \"none\"\n[backend]\ntier = \"memory\"\n");

        Assert.Equal("warning", check.GetProperty("status").GetString());
        Assert.Contains("isolation = \"none\"", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("can read and write your files and use the network", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
