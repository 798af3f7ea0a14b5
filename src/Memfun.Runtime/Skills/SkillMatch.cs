
namespace Memfun.Runtime.Skills;

/// <summary>A search hit.</summary>
/// <param name="Skill">The skill.</param>
/// <param name="Score">How well it matches (higher is better; only relative order is meaningful).</param>
public sealed record SkillMatch(SkillInfo Skill, double Score);
