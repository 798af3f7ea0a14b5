namespace Memfun.Skills.Agents;

/// <summary>Carries out a defined agent's task (in production: an RLM run with the agent's instructions and tools).</summary>
public interface IAgentExecutor
{
    /// <summary>Runs <paramref name="invocation"/> as <paramref name="agent"/> and returns the answer.</summary>
    Task<string> ExecuteAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default);
}
