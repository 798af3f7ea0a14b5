namespace Memfun.Skills.Invocation;

/// <summary>Whether an invocable is a skill or an agent.</summary>
public enum InvocableKind
{
    /// <summary>An Agent Skill.</summary>
    Skill,

    /// <summary>An <c>AGENT.md</c> agent.</summary>
    Agent,
}
