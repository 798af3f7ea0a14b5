namespace Memfun.Runtime.Agents;

/// <summary>An agent as registered in the agent registry.</summary>
/// <param name="AgentId">The agent instance's unique id.</param>
/// <param name="Name">The agent's name (several instances may share it).</param>
/// <param name="Capabilities">What the agent can do; <c>Discover</c> matches on these.</param>
/// <param name="Metadata">Free-form string metadata (version, host, model...).</param>
/// <param name="RegisteredAt">When the registration was first made.</param>
/// <param name="LastHeartbeat">When the registration was last renewed.</param>
public sealed record AgentInfo(
    string AgentId,
    string Name,
    IReadOnlyList<string> Capabilities,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastHeartbeat);
