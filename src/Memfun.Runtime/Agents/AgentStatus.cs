namespace Memfun.Runtime.Agents;

/// <summary>A snapshot of an agent instance's lifecycle.</summary>
/// <param name="AgentId">The agent instance's id.</param>
/// <param name="State">Its lifecycle state.</param>
/// <param name="StartedAt">When it last started, if it has.</param>
/// <param name="RestartCount">How many times it was restarted after a crash.</param>
/// <param name="LastError">The message of the last failure, if any.</param>
public sealed record AgentStatus(
    string AgentId,
    AgentState State,
    DateTimeOffset? StartedAt,
    int RestartCount,
    string? LastError);
