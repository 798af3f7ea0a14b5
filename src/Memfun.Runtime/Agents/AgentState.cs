namespace Memfun.Runtime.Agents;

/// <summary>The lifecycle state of an agent instance.</summary>
public enum AgentState
{
    /// <summary>Never seen by the lifecycle manager.</summary>
    Unknown,

    /// <summary>Starting up (its start hook is running).</summary>
    Starting,

    /// <summary>Running and serving tasks.</summary>
    Running,

    /// <summary>Stopping (its stop hook is running).</summary>
    Stopping,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Crashed; may be restarted by the restart policy.</summary>
    Failed,
}
