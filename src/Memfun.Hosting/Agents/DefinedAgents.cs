using Memfun.Agent.Coding;
using Memfun.Runtime;
using Memfun.Skills.Agents;

namespace Memfun.Hosting.Agents;

/// <summary>Runs one task of an AGENT.md agent in this process, delegation included, on an in-process runtime.</summary>
public static class DefinedAgents
{
    /// <summary>Asks agent <paramref name="name"/> of <paramref name="agents"/> to do <paramref name="task"/> on <paramref name="coding"/>; returns its answer.</summary>
    public static async Task<string> InvokeAsync(AgentCatalog agents, CodingAgent coding, string name, string task, CancellationToken cancellationToken = default)
    {
        await using var runtime = await new RuntimeBuilder().UseInProcess().BuildAsync(cancellationToken).ConfigureAwait(false);
        var delegator = await AgentHost.StartAsync(runtime, agents, new RlmAgentExecutor(_ => coding), cancellationToken: cancellationToken).ConfigureAwait(false);
        return await delegator.InvokeAsync(name, task, cancellationToken).ConfigureAwait(false);
    }
}
