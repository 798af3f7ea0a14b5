
namespace Memfun.Runtime.Agents;

/// <summary>A task on the wire, with the topic its result goes to.</summary>
/// <param name="Task">The task.</param>
/// <param name="ReplyTo">The reply topic.</param>
internal sealed record TaskEnvelope(AgentTask Task, string ReplyTo);
