using Memfun.Runtime;

namespace Memfun.Skills.Agents;

/// <summary>Starts the defined agents in a runtime (registering each with its capabilities) and gives the <see cref="Delegator"/> that reaches them.</summary>
public static class AgentHost
{
    /// <summary>Starts every agent of <paramref name="catalog"/> under <paramref name="runtime"/>'s agent manager.</summary>
    /// <returns>The delegator for tasks to them (by name or capability).</returns>
    public static async Task<Delegator> StartAsync(MemfunRuntime runtime, AgentCatalog catalog, IAgentExecutor executor, DelegationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(executor);
        var delegator = new Delegator(runtime.Context, runtime.Orchestrator, options);
        foreach (var agent in catalog.Agents)
        {
            await runtime.Agents.StartAsync(new DefinedAgent(agent, executor, delegator), cancellationToken).ConfigureAwait(false);
        }

        return delegator;
    }
}
