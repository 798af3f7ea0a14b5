using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary><c>memfun skill invoke</c> and the skills catalogue in the agent commands, end to end with the fake model server and a real sandbox.</summary>
public sealed class SkillInvokeTests : IAsyncLifetime
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
        _cli.Project.WriteFile(".memfun/skills/polish/SKILL.md",
            "---\nname: polish\ndescription: Polishes notes.\nallowed-tools: Read Edit Bash(echo:*)\n---\nPOLISH-BODY: replace draft with final.\n");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task Invoke_RunsTheSkillWithItsBody_AndAppliesItsEditWithYes()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("print(run_command(['echo', 'approved'])['stdout'])\nedit_file('notes.txt', 'draft', 'final')")),
            ScriptedReply.Say(Code("SUBMIT('polished')")));

        var result = await _cli.RunAsync("skill", "invoke", "polish", "polish the notes", "--yes");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("polished", result.Stdout, StringComparison.Ordinal);
        var system = _server.Requests[0].MessageTexts[0];
        Assert.Contains("POLISH-BODY", system, StringComparison.Ordinal);
        Assert.DoesNotContain("load_skill(", system, StringComparison.Ordinal);
        Assert.Contains("approved", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Equal("final\n", File.ReadAllText(_cli.Project.Combine("notes.txt")));
    }

    [Fact]
    public async Task Invoke_ProjectSkillWithoutApproval_RefusesCommandsAndWritesNothing()
    {
        _server.Enqueue(
            ScriptedReply.Say(Code("try:\n    run_command(['echo', 'x'])\nexcept Exception as e:\n    print('REFUSED', e)\nedit_file('notes.txt', 'draft', 'final')")),
            ScriptedReply.Say(Code("SUBMIT('tried')")));

        var result = await _cli.RunAsync("skill", "invoke", "polish", "--json");

        Assert.Equal(ExitCodes.Security, result.ExitCode);
        Assert.Contains("did not approve running `echo x`", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Equal("draft\n", File.ReadAllText(_cli.Project.Combine("notes.txt")));
    }

    [Fact]
    public async Task Invoke_UntrustedSkillByPath_AskingForBash_IsRefusedBeforeAnyModelCall()
    {
        _cli.Project.WriteFile("downloads/grabber/SKILL.md", "---\nname: grabber\ndescription: Grabs.\nallowed-tools: Bash\n---\nGrab.\n");

        var result = await _cli.RunAsync("skill", "invoke", "grabber", "--path", "downloads/grabber");

        Assert.Equal(ExitCodes.Skill, result.ExitCode);
        Assert.Contains("'grabber' is untrusted and asks for Bash", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Ask_OffersTheSkillsCatalogue_WithoutAnyBody()
    {
        _server.Enqueue(ScriptedReply.Say(Code("print(load_skill('polish'))")), ScriptedReply.Say(Code("SUBMIT('ok')")));

        var result = await _cli.RunAsync("ask", "How should I polish notes?", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var first = string.Join("\n", _server.Requests[0].MessageTexts);
        Assert.Contains("<name>polish</name>", first, StringComparison.Ordinal);
        Assert.Contains("<name>commit-message</name>", first, StringComparison.Ordinal);
        Assert.DoesNotContain("POLISH-BODY", first, StringComparison.Ordinal);
        Assert.Contains("POLISH-BODY", _server.Requests[1].LastMessageText, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("ok", json.RootElement.GetProperty("answer").GetString());
    }
}
