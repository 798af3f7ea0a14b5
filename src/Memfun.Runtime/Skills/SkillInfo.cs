namespace Memfun.Runtime.Skills;

/// <summary>A skill as registered in the skill registry (the catalogue entry, not its body).</summary>
/// <param name="Name">The skill's name (unique in the registry).</param>
/// <param name="Description">What the skill does and when to use it.</param>
/// <param name="SourcePath">Where the skill's <c>SKILL.md</c> lives.</param>
/// <param name="Trust">The trust tier it was loaded with (<c>builtin</c>, <c>project</c>, <c>user</c>, <c>untrusted</c>).</param>
/// <param name="AllowedTools">The tools the skill may use; empty means the default set for its trust tier.</param>
/// <param name="Metadata">Free-form string metadata from the frontmatter.</param>
public sealed record SkillInfo(
    string Name,
    string Description,
    string SourcePath,
    string Trust,
    IReadOnlyList<string> AllowedTools,
    IReadOnlyDictionary<string, string> Metadata);
