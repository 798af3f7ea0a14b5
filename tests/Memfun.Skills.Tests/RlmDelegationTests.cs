using Memfun.Runtime;
using Memfun.Skills.Agents;
using Memfun.Testing.Llm;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>Defined agents running as real RLM tasks (fake model server, local sandbox) hand work to each other with delegate().</summary>
public sealed class RlmDelegationTests : IAsyncLifetime
{
    private AgentHarness _harness = null!;

    public async ValueTask InitializeAsync() => _harness = await AgentHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task Lead_DelegatesToHelperByCapability_ThroughTheReplTool(string tier)
    {
        _harness.Server.Enqueue(
            ScriptedReply.Say(AgentHarness.Code("sub = delegate('capability:code-review', 'check notes')\nprint(sub)")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('helper says fine')")),
            ScriptedReply.Say(AgentHarness.Code("SUBMIT('lead: ' + sub)")));
        var builder = tier == "sqlite" ? new RuntimeBuilder().UseSqlite(_harness.Project.Combine(".memfun/m.db")) : new RuntimeBuilder();
        await using var runtime = await builder.BuildAsync(TestContext.Current.CancellationToken);
        var catalog = new AgentCatalog(
        [
            new AgentDefinition { Name = "helper", Description = "Reviews.", Capabilities = ["code-review"], Trust = TrustTier.BuiltIn, Instructions = "HELPER-INSTRUCTIONS", FilePath = "/a/helper/AGENT.md" },
            new AgentDefinition { Name = "lead", Description = "Leads.", Trust = TrustTier.BuiltIn, Instructions = "LEAD-INSTRUCTIONS", FilePath = "/a/lead/AGENT.md" },
        ], [], []);
        var delegator = await AgentHost.StartAsync(runtime, catalog, new RlmAgentExecutor(_ => _harness.Agent()), cancellationToken: TestContext.Current.CancellationToken);

        var answer = await delegator.InvokeAsync("lead", "review the notes", TestContext.Current.CancellationToken);

        Assert.Equal("lead: helper says fine", answer);
        Assert.Contains("LEAD-INSTRUCTIONS", _harness.Server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("delegate(agent, task)", _harness.Server.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("HELPER-INSTRUCTIONS", _harness.Server.Requests[1].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains("check notes", string.Join("\n", _harness.Server.Requests[1].MessageTexts), StringComparison.Ordinal);
    }
}
