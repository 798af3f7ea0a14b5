using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary><c>memfun agent run</c> and <c>memfun agent validate</c>, end to end with the fake model server and a real sandbox.</summary>
public sealed class AgentRunTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(TestContext.Current.CancellationToken);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["XDG_CONFIG_HOME"] = _cli.Project.Combine("xdg");
        _cli.Project.WriteFile("notes.txt", "draft\n");
        _cli.Project.WriteFile(".memfun/agents/scribe/AGENT.md", "---\nname: scribe\ndescription: Edits notes.\ncapabilities: writing\ntools: Read Edit\n---\nSCRIBE-INSTRUCTIONS: ask the helper, then edit.\n");
        _cli.Project.WriteFile(".memfun/agents/helper/AGENT.md", "---\nname: helper\ndescription: Helps.\ncapabilities: helping\n---\nHELPER-INSTRUCTIONS\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task Run_CarriesOutTheTaskAsTheAgent_DelegatesToAnother_AndAppliesItsEditWithYes()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("print(delegate('capability:helping', 'what word?'))\nedit_file('notes.txt', 'draft', 'final')")),
            ScriptedReply.Say(Code("SUBMIT('HELPER-ANSWER')")),
            ScriptedReply.Say(Code("SUBMIT('scribed')")));

        var result = await _cli.RunAsync("agent", "run", "scribe", "finish the notes", "--yes", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("scribed", json.RootElement.GetProperty("answer").GetString());
        Assert.Contains("+final", json.RootElement.GetProperty("extras").GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Contains("SCRIBE-INSTRUCTIONS", _server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("finish the notes", string.Join('\n', _server.Requests[0].MessageTexts), StringComparison.Ordinal);
        Assert.Contains("HELPER-INSTRUCTIONS", _server.Requests[1].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("HELPER-ANSWER", _server.Requests[2].LastMessageText, StringComparison.Ordinal);
        Assert.Equal("final\n", File.ReadAllText(_cli.Project.Combine("notes.txt")));
        Assert.Single(Directory.GetFiles(_cli.Project.Combine(".memfun/traces"), "*.jsonl"));
    }

    [Fact]
    public async Task Run_AnUnknownAgent_SuggestsTheClosest_BeforeAnyModelCall()
    {
        var result = await _cli.RunAsync("agent", "run", "scribr", "x");

        Assert.Equal(ExitCodes.Agent, result.ExitCode);
        Assert.Contains("Did you mean 'scribe'?", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Validate_PassesTheBuiltInAgents_AndFailsABrokenOne_WithFileAndField()
    {
        _cli.Project.WriteFile("ci/agents/broken/AGENT.md", "---\nname: broken\ncapabilities: x\nmax-iterations: 1000\n---\nBody.\n");

        var builtIn = await _cli.RunAsync("agent", "validate", Path.Combine(Testing.RepositoryRoot.Path, "agents"), "--json");
        var broken = await _cli.RunAsync("agent", "validate", "ci/agents");
        var project = await _cli.RunAsync("agent", "validate");

        Assert.Equal(ExitCodes.Success, builtIn.ExitCode);
        using (var json = JsonDocument.Parse(builtIn.Stdout))
        {
            Assert.Equal(3, json.RootElement.GetProperty("agents").GetInt32());
            Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        }

        Assert.Equal(ExitCodes.Skill, broken.ExitCode);
        Assert.Contains("AGENT.md", broken.Stdout, StringComparison.Ordinal);
        Assert.Contains("description", broken.Stdout, StringComparison.Ordinal);
        Assert.Contains("max-iterations", broken.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 agent(s) checked", broken.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, project.ExitCode);
        Assert.Contains("2 agent(s) checked: 0 error(s)", project.Stderr, StringComparison.Ordinal);
    }
}
