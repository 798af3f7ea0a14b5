using System.Diagnostics;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>Bad input is an error, one JSON naming style, and the small consistency fixes of issue 17.</summary>
public sealed class ConsistencyTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public ConsistencyTests() => _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("skill validate --strcit", "--strict")]
    [InlineData("doctor --jsn", "--json")]
    [InlineData("config show --verbsoe", "--verbose")]
    public async Task UnknownOption_EveryCommand_FailsWithUsageAndSuggestsTheNearest(string line, string nearest)
    {
        var result = await _cli.RunAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"Did you mean '{nearest}'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtraArgument_IsRefused()
    {
        var result = await _cli.RunAsync("config", "show", "--", "stray");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Unexpected argument 'stray'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopLevelV_IsVerbose_AndVersionStays()
    {
        var verbose = await _cli.RunAsync("-v", "config", "show");
        var version = await _cli.RunAsync("--version");

        Assert.Equal(ExitCodes.Success, verbose.ExitCode);
        Assert.Contains("Configuration loaded", verbose.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(MemfunApp.Version + "\n", verbose.Stdout, StringComparison.Ordinal);
        Assert.Equal(MemfunApp.Version, version.Stdout.Trim());
    }

    [Fact]
    public async Task Json_EveryCommandUsesSnakeCaseNames()
    {
        _cli.Project.WriteFile(".memfun/traces/.keep", "");
        var outputs = new[]
        {
            await _cli.RunAsync("config", "show", "--json"),
            await _cli.RunAsync("skill", "list", "--json"),
            await _cli.RunAsync("skill", "info", "commit-message", "--json"),
            await _cli.RunAsync("agent", "list", "--json"),
            await _cli.RunAsync("traces", "list", "--json"),
        };

        var names = new List<string>();
        foreach (var output in outputs)
        {
            Assert.Equal(ExitCodes.Success, output.ExitCode);
            using var json = JsonDocument.Parse(output.Stdout);
            CollectNames(json.RootElement, names, inValues: false);
        }

        Assert.Contains("project_root", names);
        Assert.All(names, name => Assert.Matches("^[a-z0-9_.*-]+$", name));
    }

    private static void CollectNames(JsonElement element, List<string> names, bool inValues)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                // Config keys and skill metadata are data, not field names.
                if (!inValues)
                {
                    names.Add(property.Name);
                }

                CollectNames(property.Value, names, property.Name is "values" or "metadata" || (inValues && property.Value.ValueKind == JsonValueKind.Object && !property.Value.TryGetProperty("source", out _)));
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectNames(item, names, inValues);
            }
        }
    }

    [Fact]
    public async Task SkillValidate_FolderWithoutSkills_Fails()
    {
        _cli.Project.WriteFile("empty/README.md", "no skills here");

        var result = await _cli.RunAsync("skill", "validate", "empty");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains("No SKILL.md was found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkillValidate_NonStringCompatibility_IsAnError()
    {
        _cli.Project.WriteFile("s/numbered/SKILL.md", "---\nname: numbered\ndescription: A skill.\ncompatibility: 42\n---\nDo it.\n");
        _cli.Project.WriteFile("s/quoted/SKILL.md", "---\nname: quoted\ndescription: A skill.\ncompatibility: \"42\"\n---\nDo it.\n");

        var result = await _cli.RunAsync("skill", "validate", "s");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains("numbered/SKILL.md:4: error: compatibility: 'compatibility' must be a string", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("quoted/SKILL.md", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkillCreate_WritesToTheCommittedAgentsFolder()
    {
        var result = await _cli.RunAsync("skill", "create", "release-notes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(File.Exists(_cli.Project.Combine(".agents/skills/release-notes/SKILL.md")));
        Assert.False(Directory.Exists(_cli.Project.Combine(".memfun/skills")));
    }

    [Fact]
    public async Task Doctor_NoUsableModel_ExitsNonZero()
    {
        File.WriteAllText(_cli.Project.Combine("memfun.toml"), "[backend]\ntier = \"memory\"\n[llm]\nbase_url = \"http://127.0.0.1:9/v1\"\n");

        var result = await _cli.RunAsync("doctor");

        Assert.Equal(ExitCodes.ChecksFailed, result.ExitCode);
        Assert.Contains("Some required checks failed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DoctorDeep_SendsOneOneTokenRequest()
    {
        await using var server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        server.Enqueue(ScriptedReply.Say("ok", inputTokens: 12, outputTokens: 1));
        await _cli.WriteTrustedConfigAsync($"[backend]\ntier = \"memory\"\n[llm]\nbase_url = \"{server.BaseUrl}\"\nmodel = \"deep-model\"\n");

        var shallow = await _cli.RunAsync("doctor", "--json");
        var requestsBefore = server.Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        var deep = await _cli.RunAsync("doctor", "--deep", "--json");

        Assert.Equal(0, requestsBefore);
        var request = Assert.Single(server.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        Assert.Equal("deep-model", request.Model);
        var maxTokens = request.Body.TryGetProperty("max_completion_tokens", out var completion) ? completion : request.Body.GetProperty("max_tokens");
        Assert.Equal(1, maxTokens.GetInt32());
        using var json = JsonDocument.Parse(deep.Stdout);
        Assert.Contains(json.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "model request (--deep)" && c.GetProperty("status").GetString() == "ok");
        Assert.DoesNotContain("model request", shallow.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitWizard_RefusesAPastedKeyAtTheVariablePrompt_AndNeverPrintsItBack()
    {
        const string PastedKey = "sk-proj-Abc123Def456Ghi789";
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushKey(ConsoleKey.DownArrow);
            console.Input.PushKey(ConsoleKey.Enter); // provider: openai
            console.Input.PushTextWithEnter("gpt-test"); // model
            console.Input.PushTextWithEnter(string.Empty); // sub-model
            console.Input.PushTextWithEnter(PastedKey); // a key, pasted where the variable name belongs
            console.Input.PushTextWithEnter("MY_OPENAI_KEY"); // asked again
            console.Input.PushKey(ConsoleKey.Enter); // backend
            console.Input.PushKey(ConsoleKey.Enter); // sandbox
        };

        var result = await _cli.RunAsync("init");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("That is not the NAME of an environment variable", result.Stderr, StringComparison.Ordinal);
        // Only the keystrokes' own echo shows it: no message repeats it, and it is not saved.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Stderr, PastedKey));
        var text = File.ReadAllText(_cli.Project.Combine("memfun.toml"));
        Assert.Contains("api_key_env = \"MY_OPENAI_KEY\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(PastedKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_Bash_CompletesSubcommandsAndOptionsOfTheRealTree()
    {
        var script = await _cli.RunAsync("completion", "bash");
        _cli.Project.WriteFile("memfun.bash", script.Stdout);

        var subcommand = await CompleteAsync("memfun skill va", 2);
        var option = await CompleteAsync("memfun ask question --max", 3);
        var verbose = await CompleteAsync("memfun -v skill li", 3);

        Assert.Equal(ExitCodes.Success, script.ExitCode);
        Assert.Equal("validate", subcommand);
        Assert.Equal("--max-iterations", option);
        Assert.Equal("list", verbose);
        var fish = await _cli.RunAsync("completion", "fish");
        Assert.Contains("complete -c memfun -n '__fish_seen_subcommand_from ask' -l max-iterations", fish.Stdout, StringComparison.Ordinal);
        var zsh = await _cli.RunAsync("completion", "zsh");
        Assert.Contains("bashcompinit", zsh.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("completion", "tcsh")).ExitCode);
    }

    private async Task<string> CompleteAsync(string line, int cword)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _cli.Project.Path };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"source memfun.bash; COMP_WORDS=({line}); COMP_CWORD={cword}; _memfun; echo \"${{COMPREPLY[*]}}\"");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }
}
