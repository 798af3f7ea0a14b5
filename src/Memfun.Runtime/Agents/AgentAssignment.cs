
namespace Memfun.Runtime.Agents;

/// <summary>A task for a named agent, in a fan-out.</summary>
/// <param name="AgentName">The agent.</param>
/// <param name="Task">The task.</param>
public sealed record AgentAssignment(string AgentName, AgentTask Task);
