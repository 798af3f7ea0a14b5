namespace Memfun.Agent;

/// <summary>What the agent may do to the project (<c>[agent] mode</c>, <c>--mode</c>).</summary>
public enum AgentMode
{
    /// <summary>No edits at all: the edit tools refuse; commands see the project read-only.</summary>
    ReadOnly,

    /// <summary>Edits are staged in the run's workspace and shown as a diff; nothing is written without the user's approval. The default.</summary>
    Ask,

    /// <summary>Staged edits are applied without asking (a checkpoint is still recorded, so <c>memfun undo</c> takes them back).</summary>
    AutoEdit,
}
