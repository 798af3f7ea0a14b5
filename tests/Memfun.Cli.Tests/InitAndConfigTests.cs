using System.Text.Json;
using Memfun.Core.Errors;

namespace Memfun.Cli.Tests;

public sealed class InitAndConfigTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string ProjectFile => _cli.Project.Combine("memfun.toml");

    [Fact]
    public async Task InitWithFlags_ThenConfigShowJson_RoundTripsEverySetting()
    {
        var init = await _cli.RunAsync("init", "--provider", "openai", "--model", "gpt-4.1", "--sub-model", "gpt-4.1-mini",
            "--base-url", "https://llm.example.test/v1", "--api-key-env", "MY_KEY", "--backend", "memory", "--sandbox", "docker", "--yes");
        var show = await _cli.RunAsync("config", "show", "--json");

        Assert.Equal(ExitCodes.Success, init.ExitCode);
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        using var json = JsonDocument.Parse(show.Stdout);
        var values = json.RootElement.GetProperty("values");
        var expected = new Dictionary<string, string>
        {
            ["llm.provider"] = "openai",
            ["llm.model"] = "gpt-4.1",
            ["llm.sub_model"] = "gpt-4.1-mini",
            ["llm.base_url"] = "https://llm.example.test/v1",
            ["llm.api_key_env"] = "MY_KEY",
            ["backend.tier"] = "memory",
            ["sandbox.kind"] = "docker",
        };
        foreach (var (key, value) in expected)
        {
            Assert.Equal(value, values.GetProperty(key).GetProperty("value").GetString());
            Assert.StartsWith(ProjectFile + ":", values.GetProperty(key).GetProperty("source").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("default", values.GetProperty("agent.max_iterations").GetProperty("source").GetString());
        Assert.Equal(ProjectFile, json.RootElement.GetProperty("project_file").GetString());
        // The user chose these values: the file init wrote is trusted, so nothing in it is ignored.
        Assert.Empty(json.RootElement.GetProperty("untrusted_settings").EnumerateArray());
        Assert.DoesNotContain("warning", show.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(_cli.Project.Combine(".memfun/.gitignore")));
    }

    [Fact]
    public async Task Init_RefusesToOverwriteWithoutForce()
    {
        File.WriteAllText(ProjectFile, "# mine\n");

        var refused = await _cli.RunAsync("init", "--yes");

        Assert.Equal(ExitCodes.Config, refused.ExitCode);
        Assert.Contains("already exists", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("# mine\n", File.ReadAllText(ProjectFile));

        var forced = await _cli.RunAsync("init", "--yes", "--force");

        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        Assert.Contains("provider = \"openai-compatible\"", File.ReadAllText(ProjectFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_InvalidFlag_NamesTheFlagAndWritesNothing()
    {
        var result = await _cli.RunAsync("init", "--backend", "postgres", "--yes");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("--backend: backend.tier: 'postgres' is not one of: memory, sqlite, redis, nats", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ProjectFile));
    }

    [Fact]
    public async Task Init_WithoutTerminalOrYes_ExplainsHowToScriptIt()
    {
        var result = await _cli.RunAsync("init");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("--yes", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ProjectFile));
    }

    [Fact]
    public async Task Init_Wizard_WritesTheAnswers()
    {
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushKey(ConsoleKey.DownArrow);
            console.Input.PushKey(ConsoleKey.DownArrow);
            console.Input.PushKey(ConsoleKey.Enter); // provider: anthropic
            console.Input.PushTextWithEnter("claude-test"); // model
            console.Input.PushTextWithEnter(string.Empty); // sub-model: same
            console.Input.PushTextWithEnter("CLAUDE_KEY"); // key variable
            console.Input.PushKey(ConsoleKey.Enter); // backend: sqlite
            console.Input.PushKey(ConsoleKey.Enter); // sandbox: local
        };

        var result = await _cli.RunAsync("init");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var text = File.ReadAllText(ProjectFile);
        Assert.Contains("provider = \"anthropic\"", text, StringComparison.Ordinal);
        Assert.Contains("model = \"claude-test\"", text, StringComparison.Ordinal);
        Assert.Contains("api_key_env = \"CLAUDE_KEY\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sub_model", text, StringComparison.Ordinal);
        Assert.Contains("export CLAUDE_KEY=", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_InvalidFile_ReportsFileLineAndKey()
    {
        File.WriteAllText(ProjectFile, "[llm]\nmodel = \"x\"\ntemprature = 0.2\n");

        var result = await _cli.RunAsync("config", "show");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains($"MF1002: {ProjectFile}:3:1: llm.temprature: unknown key", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'llm.temperature'?", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_VerboseError_IncludesTheStackTrace()
    {
        File.WriteAllText(ProjectFile, "[llm\n");

        var result = await _cli.RunAsync("config", "show", "--verbose");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("ConfigException", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_RedactsSecretsAndSaysWhetherKeyVariablesAreSet()
    {
        await _cli.WriteTrustedConfigAsync("[llm]\napi_key_env = \"MY_KEY\"\n");
        _cli.Environment["MEMFUN_BACKEND_REDIS_URL"] = "redis://:hunter2hunter2@cache.test:6379";
        _cli.Environment["MY_KEY"] = "sk-abcdefghijklmnopqrstuvwxyz";

        var text = await _cli.RunAsync("config", "show");
        var json = await _cli.RunAsync("config", "show", "--json");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        foreach (var output in new[] { text.Stdout + text.Stderr, json.Stdout + json.Stderr })
        {
            Assert.DoesNotContain("hunter2hunter2", output, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwxyz", output, StringComparison.Ordinal);
            Assert.Contains("redis://:[REDACTED]@cache.test:6379", output, StringComparison.Ordinal);
        }

        Assert.Contains("MY_KEY (set)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("env MEMFUN_BACKEND_REDIS_URL", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_WithoutProjectFile_ShowsDefaultsAndSuggestsInit()
    {
        var result = await _cli.RunAsync("config", "show");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("memfun init", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("backend.tier", result.Stdout, StringComparison.Ordinal);
    }
}
