namespace Memfun.Runtime.Agents;

/// <summary>The event-bus topics tasks and results travel on.</summary>
public static class AgentTopics
{
    /// <summary>The topic an agent's tasks are published to (its instances compete in one group).</summary>
    public static string Tasks(string agentName) => $"agents.{agentName}.tasks";

    /// <summary>The topic an orchestrator receives results on.</summary>
    public static string Replies(string orchestratorId) => $"orchestrators.{orchestratorId}.replies";
}
