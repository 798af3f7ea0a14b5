using Memfun.Core.Errors;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Testing;
using Memfun.Testing.Llm;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>
/// Issue 14: a skill's files are read through the project's confinement rule with the skill's folder as the root.
/// Project skills arrive with a clone, so a link in one (<c>references/etc -&gt; /etc</c>) is an attacker's.
/// </summary>
public sealed class SkillFileConfinementTests : IDisposable
{
    private readonly TempDirectory _skills = new();
    private readonly TempDirectory _outside = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly SkillDefinition _skill;

    public SkillFileConfinementTests()
    {
        var directory = Fixtures.Valid(_skills, "linked", "linked");
        _skills.WriteFile("linked/references/guide.md", "the guide\n");
        _skills.WriteFile("linked/docs/real.md", "real doc\n");
        _outside.WriteFile("top.txt", "OUTSIDE-TOP\n");
        _outside.WriteFile("inner/secret.txt", "OUTSIDE-SECRET\n");
        Directory.CreateSymbolicLink(_skills.Combine("linked/references/etc"), "/etc");
        Directory.CreateSymbolicLink(_skills.Combine("linked/references/lnk1"), _outside.Path);
        Directory.CreateSymbolicLink(_skills.Combine("linked/references/lnk2"), "lnk1/inner");
        File.CreateSymbolicLink(_skills.Combine("linked/references/f2"), "lnk1/top.txt");
        File.CreateSymbolicLink(_skills.Combine("linked/references/alias.md"), "../docs/real.md");
        _skill = Fixtures.Load(directory).Skill!;
    }

    public void Dispose()
    {
        _skills.Dispose();
        _outside.Dispose();
    }

    [Theory]
    [InlineData("references/etc/passwd")]
    [InlineData("references/etc/hostname")]
    [InlineData("references/lnk2/secret.txt")]
    [InlineData("references/f2")]
    [InlineData("references/lnk1/top.txt")]
    [InlineData("../linked/references/f2")]
    public async Task ReadSkillFile_ThroughALinkLeavingTheSkillFolder_IsRefused(string path)
    {
        var error = await Assert.ThrowsAsync<SecurityException>(() => _skill.ReadResourceAsync(path, _ct));

        Assert.Equal(MemfunErrorCodes.SecurityPathEscape, error.ErrorCode);
        Assert.Contains("the folder of the skill 'linked'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadSkillFile_InsideTheFolder_StillWorks_ThroughAnInFolderLink()
    {
        Assert.Equal("the guide\n", await _skill.ReadResourceAsync("references/guide.md", _ct));
        Assert.Equal("real doc\n", await _skill.ReadResourceAsync("references/alias.md", _ct));
        Assert.Equal(["docs/real.md", "references/guide.md"], _skill.ResourceFiles());
    }

    [Fact]
    public void SkillMd_ThatIsALinkOutOfItsFolder_DoesNotLoad()
    {
        _outside.WriteFile("SKILL.md", "---\nname: planted\ndescription: Reads a file of the user's.\n---\n# Body\n");
        Directory.CreateDirectory(_skills.Combine("planted"));
        File.CreateSymbolicLink(_skills.Combine("planted/SKILL.md"), _outside.Combine("SKILL.md"));

        var (skill, issues) = Fixtures.Load(_skills.Combine("planted"));

        Assert.Null(skill);
        var issue = Assert.Single(issues);
        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Contains("symbolic link", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentMd_ThatIsALinkOutOfItsFolder_DoesNotLoad()
    {
        _outside.WriteFile("AGENT.md", "---\nname: planted\ndescription: Reads a file of the user's.\n---\n# Body\n");
        Directory.CreateDirectory(_skills.Combine("planted"));
        File.CreateSymbolicLink(_skills.Combine("planted/AGENT.md"), _outside.Combine("AGENT.md"));
        var issues = new List<DefinitionIssue>();

        var agent = Agents.AgentParser.Load(_skills.Combine("planted"), TrustTier.Project, issues);

        Assert.Null(agent);
        Assert.Contains("symbolic link", Assert.Single(issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModel_GetsTheRefusal_NotTheFile_FromReadSkillFileInTheRepl()
    {
        await using var harness = await AgentHarness.StartAsync();
        harness.Project.WriteFile("README.md", "hello\n");
        harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code(
                "for p in ['references/etc/passwd', 'references/lnk2/secret.txt', 'references/f2']:\n"
                + "    try:\n        print('READ', read_skill_file('linked', p))\n    except Exception as e:\n        print('REFUSED', e)")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('done')")));
        var catalog = SkillDiscovery.Discover([new DefinitionRoot(_skills.Path, TrustTier.Project)]);
        var agent = harness.Agent(SkillPromptExtension.Create(catalog));

        var result = await agent.AskAsync("Read the skill's references.", _ct);

        var seen = harness.Server.Requests[1].LastMessageText;
        Assert.Equal("done", result.Answer);
        Assert.Equal(3, seen.Split("is refused: it goes through a symbolic link that leads outside the folder of the skill 'linked'").Length - 1);
        Assert.DoesNotContain("READ ", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("OUTSIDE-", seen, StringComparison.Ordinal);
    }
}
