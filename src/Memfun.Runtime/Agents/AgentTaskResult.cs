namespace Memfun.Runtime.Agents;

/// <summary>What an agent returned for a task.</summary>
/// <param name="TaskId">The task this answers.</param>
/// <param name="AgentId">The agent instance that handled it.</param>
/// <param name="Succeeded">Whether the task succeeded.</param>
/// <param name="Output">The result as JSON text (empty on failure).</param>
/// <param name="Error">Why the task failed, if it did.</param>
/// <param name="Elapsed">How long the agent took.</param>
public sealed record AgentTaskResult(
    string TaskId,
    string AgentId,
    bool Succeeded,
    string Output,
    string? Error,
    TimeSpan Elapsed);
