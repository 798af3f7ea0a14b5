using Memfun.Agent.Coding;
using Memfun.Skills.Execution;
using Memfun.Testing.Llm;
using Memfun.Tools;
using Memfun.Tools.Mcp;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>A skill's or agent's run calls the shared tools under its granted policy, in the real REPL.</summary>
public sealed class ToolPolicyTests : IAsyncLifetime
{
    private const string FetchLoopback = "try:\n    web_fetch(url='http://127.0.0.1:9/')\nexcept Exception as e:\n    print('refused:', e)";
    private AgentHarness _harness = null!;

    public async ValueTask InitializeAsync() => _harness = await AgentHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    private CodingAgent Agent() =>
        _harness.Agent(new CodingAgentExtensions("", [], [.. new BuiltInToolProvider().GetTools(new ToolContext { ProjectRoot = _harness.Project.Path }).Where(t => t.Name == "web_fetch")]));

    [Fact]
    public async Task AProjectAgentThatDidNotAskForTheNetwork_IsRefusedTheWebTools()
    {
        _harness.Server.Enqueue(ScriptedReply.Say(AgentHarness.Code(FetchLoopback)), ScriptedReply.Say(AgentHarness.Code("SUBMIT('done')")));

        await Agent().RunTaskAsync(new CodingTask { Query = "Fetch it.", Policy = ToolGrant.Resolve("scout", [], TrustTier.Project).Effective }, TestContext.Current.CancellationToken);

        Assert.Contains("refused: MF9000", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOperator_ReachesTheWebTool_WhoseOwnRulesThenApply()
    {
        _harness.Server.Enqueue(ScriptedReply.Say(AgentHarness.Code(FetchLoopback)), ScriptedReply.Say(AgentHarness.Code("SUBMIT('done')")));

        await Agent().RunTaskAsync(new CodingTask { Query = "Fetch it." }, TestContext.Current.CancellationToken);

        // Past the permission point, the SSRF policy refuses the loopback address.
        Assert.Contains("refused: MF9002", _harness.Server.Requests[1].LastMessageText, StringComparison.Ordinal);
    }
}
