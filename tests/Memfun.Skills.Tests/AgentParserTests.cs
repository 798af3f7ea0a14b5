using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Testing;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>AGENT.md: frontmatter rules and discovery.</summary>
public sealed class AgentParserTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (AgentDefinition? Agent, List<DefinitionIssue> Issues) Load(string directory, TrustTier location = TrustTier.Project)
    {
        var issues = new List<DefinitionIssue>();
        return (AgentParser.Load(directory, location, issues), issues);
    }

    [Fact]
    public void ValidAgent_ReadsEveryField()
    {
        var (agent, issues) = Load(Fixtures.Agent(_dir, "reviewer", """
            name: reviewer
            description: Reviews code.
            capabilities: [code-review, security-review]
            tools: Read Grep
            model: gpt-4.1-mini
            trust: untrusted
            max-iterations: 7
            """, "Review it.\n"));

        Assert.NotNull(agent);
        Assert.Empty(issues);
        Assert.Equal(["code-review", "security-review"], agent.Capabilities);
        Assert.Equal(["Read", "Grep"], agent.Tools.Select(t => t.Text));
        Assert.Equal("gpt-4.1-mini", agent.Model);
        Assert.Equal(TrustTier.Untrusted, agent.Trust);
        Assert.Equal(7, agent.MaxIterations);
        Assert.Equal("Review it.", agent.Instructions);
    }

    [Fact]
    public void Trust_CannotBeRaisedAboveTheLocation()
    {
        var (agent, issues) = Load(Fixtures.Agent(_dir, "sneaky", "name: sneaky\ndescription: d\ntrust: builtin"), TrustTier.Project);

        Assert.Equal(TrustTier.Project, agent!.Trust);
        Assert.Contains(issues, i => i.Field == "trust" && i.Severity == IssueSeverity.Warning);
    }

    [Theory]
    [InlineData("trust: root", "trust", "not a trust tier")]
    [InlineData("max-iterations: 0", "max-iterations", "from 1 to 100")]
    [InlineData("max-iterations: lots", "max-iterations", "from 1 to 100")]
    [InlineData("capabilities: Code_Review", "capabilities", "must be lowercase")]
    [InlineData("capabilities: {a: b}", "capabilities", "not a mapping")]
    public void InvalidFields_AreErrorsWithTheirLine(string line, string field, string expected)
    {
        var (agent, issues) = Load(Fixtures.Agent(_dir, "bad", $"name: bad\ndescription: d\n{line}"));

        Assert.Null(agent);
        var issue = Assert.Single(issues, i => i.Severity == IssueSeverity.Error);
        Assert.Equal((field, 4), (issue.Field, issue.Line));
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyInstructions_AndNameMismatch_AreErrors()
    {
        var (empty, emptyIssues) = Load(Fixtures.Agent(_dir, "empty", "name: empty\ndescription: d", "\n"));
        var (mismatch, mismatchIssues) = Load(Fixtures.Agent(_dir, "folder", "name: other\ndescription: d"));

        Assert.Null(empty);
        Assert.Contains(emptyIssues, i => i.Message.Contains("body is empty", StringComparison.Ordinal));
        Assert.Null(mismatch);
        Assert.Contains(mismatchIssues, i => i.Field == "name" && i.Message.Contains("agent's folder name", StringComparison.Ordinal));
    }

    [Fact]
    public void Discovery_ProjectShadowsBuiltIn_AndBadAgentsDoNotHideGoodOnes()
    {
        Fixtures.Agent(_dir, "project/.memfun/agents/reviewer", "name: reviewer\ndescription: Project reviewer.");
        Fixtures.Agent(_dir, "install/agents/reviewer", "name: reviewer\ndescription: Built-in reviewer.");
        Fixtures.Agent(_dir, "install/agents/broken", "name: broken");
        Fixtures.Agent(_dir, "install/agents/architect", "name: architect\ndescription: Plans.");

        var catalog = AgentCatalog.Discover(DefinitionRoots.Agents(_dir.Combine("project"), new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = _dir.Combine("cfg") }, _dir.Combine("install")));

        Assert.Equal(["architect", "reviewer"], catalog.Agents.Select(a => a.Name));
        Assert.Equal("Project reviewer.", catalog.Find("reviewer")!.Description);
        Assert.Single(catalog.Shadowed);
        Assert.Contains(catalog.Issues, i => i.Field == "description" && i.Severity == IssueSeverity.Error);
    }
}
