using System.Text.Json;
using Memfun.Runtime;
using Memfun.Runtime.Skills;
using Memfun.Skills.Agents;
using Memfun.Skills.Discovery;
using Memfun.Skills.Invocation;
using Memfun.Testing;
using Memfun.Tools;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>The list of invocable skills and agents the MCP gateway exposes, and registry sync and search.</summary>
public sealed class InvocablesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Invocables_ListSkillsAndAgentsWithSchemas_AndInvokeThem()
    {
        Fixtures.Valid(_dir, "skills/commit-helper", "commit-helper", "Writes commit messages.");
        var skills = SkillDiscovery.Discover([new DefinitionRoot(_dir.Combine("skills"), TrustTier.User)]);
        Fixtures.Agent(_dir, "agents/echo", "name: echo\ndescription: Echoes.\ncapabilities: echoing");
        var agents = AgentCatalog.Discover([new DefinitionRoot(_dir.Combine("agents"), TrustTier.User)]);
        await using var runtime = await new RuntimeBuilder().BuildAsync(TestContext.Current.CancellationToken);
        var delegator = await AgentHost.StartAsync(runtime, agents, new EchoExecutor(), cancellationToken: TestContext.Current.CancellationToken);

        var list = Invocables.Create(skills, (skill, input, _) => Task.FromResult($"{skill.Name}:{input}"), agents, delegator);

        Assert.Equal([("skill_commit-helper", InvocableKind.Skill), ("agent_echo", InvocableKind.Agent)], list.Select(i => (i.ToolName, i.Kind)));
        Assert.Equal("Writes commit messages.", list[0].Description);
        Assert.Equal("object", list[1].InputSchema.GetProperty("type").GetString());
        Assert.Equal("task", list[1].InputSchema.GetProperty("required")[0].GetString());
        Assert.Equal("commit-helper:fix typo", await list[0].InvokeAsync(JsonDocument.Parse("""{"input":"fix typo"}""").RootElement, TestContext.Current.CancellationToken));
        Assert.Equal("echo: hi", await list[1].InvokeAsync(JsonDocument.Parse("""{"task":"hi"}""").RootElement, TestContext.Current.CancellationToken));
        var error = await Assert.ThrowsAsync<ToolException>(() => list[1].InvokeAsync(JsonDocument.Parse("{}").RootElement, TestContext.Current.CancellationToken));
        Assert.Contains("'task'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkillSearch_RanksDiscoveredSkillsWithTheirTrust_NameMatchesFirst()
    {
        Fixtures.Valid(_dir, "skills/test-writer", "test-writer", "Writes unit tests.");
        Fixtures.Valid(_dir, "skills/commit-message", "commit-message", "Summarises changes; useful before writing tests.");
        Fixtures.Valid(_dir, "skills/deploy", "deploy", "Ships the build.");
        var catalog = SkillDiscovery.Discover([new DefinitionRoot(_dir.Combine("skills"), TrustTier.Project)]);

        var matches = SkillSearch.Rank(catalog.Skills.Select(s => s.ToInfo()), "test");

        Assert.Equal(["test-writer", "commit-message"], matches.Select(m => m.Skill.Name));
        Assert.All(matches, m => Assert.Equal("project", m.Skill.Trust));
        Assert.Equal(100, SkillSearch.Rank(catalog.Skills.Select(s => s.ToInfo()), "Deploy").Single().Score);
    }

    private sealed class EchoExecutor : IAgentExecutor
    {
        public Task<string> ExecuteAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default) =>
            Task.FromResult($"{agent.Name}: {invocation.Task}");
    }
}
