using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Testing;
using Memfun.Testing.Llm;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>Only names and descriptions reach the prompt; bodies and files load when the model asks.</summary>
public sealed class ProgressiveDisclosureTests : IAsyncLifetime
{
    private const string Body = "SECRET-BODY-MARKER: run the release checklist.";
    private readonly TempDirectory _skills = new();
    private AgentHarness _harness = null!;

    public async ValueTask InitializeAsync()
    {
        _harness = await AgentHarness.StartAsync();
        _harness.Project.WriteFile("README.md", "hello\n");
        Fixtures.Skill(_skills, "release-notes", "name: release-notes\ndescription: Writes release notes & changelogs. Use for <release> tasks.", $"# Release\n\n{Body}\n");
        _skills.WriteFile("release-notes/references/format.md", "FORMAT-FILE-MARKER");
        Fixtures.Valid(_skills, "other", "other", "Another skill.");
    }

    public async ValueTask DisposeAsync()
    {
        await _harness.DisposeAsync();
        _skills.Dispose();
    }

    private SkillCatalog Catalog() => SkillDiscovery.Discover([new DefinitionRoot(_skills.Path, TrustTier.User)]);

    [Fact]
    public void Catalogue_HoldsOnlyNamesAndEscapedDescriptions()
    {
        var prompt = Catalog().ToPrompt();

        Assert.Equal(
            "<available_skills>\n<skill>\n<name>other</name>\n<description>Another skill.</description>\n</skill>\n"
            + "<skill>\n<name>release-notes</name>\n<description>Writes release notes &amp; changelogs. Use for &lt;release&gt; tasks.</description>\n</skill>\n</available_skills>",
            prompt);
        Assert.DoesNotContain("SECRET-BODY-MARKER", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodingAgent_PromptHasTheCatalogueOnly_AndLoadSkillBringsTheBodyOnDemand()
    {
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("print(load_skill('release-notes'))\nprint(read_skill_file('release-notes', 'references/format.md'))")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('done')")));
        var agent = _harness.Agent(SkillPromptExtension.Create(Catalog()));

        var result = await agent.AskAsync("Prepare the release.", TestContext.Current.CancellationToken);

        Assert.Equal("done", result.Answer);
        var first = string.Join("\n", _harness.Server.Requests[0].MessageTexts);
        Assert.Contains("<name>release-notes</name>", first, StringComparison.Ordinal);
        Assert.Contains("load_skill(name)", first, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-BODY-MARKER", first, StringComparison.Ordinal);
        Assert.DoesNotContain("FORMAT-FILE-MARKER", first, StringComparison.Ordinal);
        Assert.Contains("SECRET-BODY-MARKER", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("FORMAT-FILE-MARKER", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains("references/format.md", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Extension_IsNull_WhenThereAreNoSkills()
    {
        Assert.Null(SkillPromptExtension.Create(SkillCatalog.Empty));
    }
}
