namespace Memfun.Runtime.Agents;

/// <summary>A unit of work sent to an agent.</summary>
/// <param name="TaskId">The task's unique id.</param>
/// <param name="Kind">What kind of work it is (routing uses it: <c>ask</c>, <c>review</c>, a capability...).</param>
/// <param name="Payload">The task's input as JSON text.</param>
/// <param name="CorrelationId">Ties together the tasks of one request (fan-out, pipeline, delegation).</param>
/// <param name="ParentTaskId">The task that created this one, for delegation chains.</param>
/// <param name="Depth">How deep in a delegation chain this task is (0 for a user's request).</param>
/// <param name="CreatedAt">When the task was created.</param>
public sealed record AgentTask(
    string TaskId,
    string Kind,
    string Payload,
    string? CorrelationId,
    string? ParentTaskId,
    int Depth,
    DateTimeOffset CreatedAt);
