namespace Memfun.Optimizer.Synthesis;

/// <summary>What a synthesized draft defines.</summary>
public enum DefinitionKind
{
    /// <summary>An Agent Skill (<c>SKILL.md</c>).</summary>
    Skill,

    /// <summary>An agent definition (<c>AGENT.md</c>).</summary>
    Agent,
}
