using System.Text.Json;
using Memfun.Runtime;
using Memfun.Skills.Agents;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
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
    public async Task RegistrySync_RegistersWinnersWithTheirTrust_RemovesStaleOnes_AndSearchRanksNamesFirst()
    {
        Fixtures.Valid(_dir, "skills/test-writer", "test-writer", "Writes unit tests.");
        Fixtures.Valid(_dir, "skills/commit-message", "commit-message", "Summarises changes; useful before writing tests.");
        await using var runtime = await new RuntimeBuilder().UseSqlite(_dir.Combine("m.db")).BuildAsync(TestContext.Current.CancellationToken);
        var registry = runtime.Context.Skills;
        await registry.RegisterAsync(new Runtime.Skills.SkillInfo("stale", "old", "/x", "user", [], new Dictionary<string, string>()), TestContext.Current.CancellationToken);

        await SkillRegistrySync.SyncAsync(registry, SkillDiscovery.Discover([new DefinitionRoot(_dir.Combine("skills"), TrustTier.Project)]), TestContext.Current.CancellationToken);

        var all = await registry.ListAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["commit-message", "test-writer"], all.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(all, s => Assert.Equal("project", s.Trust));
        var matches = await registry.SearchAsync("test", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["test-writer", "commit-message"], matches.Select(m => m.Skill.Name));
    }

    private sealed class EchoExecutor : IAgentExecutor
    {
        public Task<string> ExecuteAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default) =>
            Task.FromResult($"{agent.Name}: {invocation.Task}");
    }
}
