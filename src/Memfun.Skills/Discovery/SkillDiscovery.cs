using Memfun.Skills.Definitions;

namespace Memfun.Skills.Discovery;

/// <summary>Finds and validates the skills under a list of roots; earlier roots win on name collisions.</summary>
/// <remarks>One invalid skill never hides the others: its errors are reported and the rest load.</remarks>
public static class SkillDiscovery
{
    /// <summary>Discovers the skills under <paramref name="roots"/> (in precedence order).</summary>
    public static SkillCatalog Discover(IReadOnlyList<DefinitionRoot> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var issues = new List<DefinitionIssue>();
        var winners = new Dictionary<string, SkillDefinition>(StringComparer.Ordinal);
        var shadowed = new List<ShadowedDefinition>();
        foreach (var root in roots)
        {
            foreach (var directory in DefinitionScanner.Find(root.Directory, "SKILL.md"))
            {
                if (SkillParser.Load(directory, root.Trust, issues) is not { } skill)
                {
                    continue;
                }

                if (winners.TryGetValue(skill.Name, out var winner))
                {
                    shadowed.Add(new ShadowedDefinition(skill.Name, skill.FilePath, skill.Trust, winner.FilePath, winner.Trust));
                }
                else
                {
                    winners.Add(skill.Name, skill);
                }
            }
        }

        return new SkillCatalog(winners.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), shadowed, issues);
    }

    /// <summary>Loads one skill folder given by path (a download, another checkout) as <see cref="TrustTier.Untrusted"/>.</summary>
    public static SkillCatalog FromPath(string directory, TrustTier trust = TrustTier.Untrusted)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var issues = new List<DefinitionIssue>();
        var skill = SkillParser.Load(Path.GetFullPath(directory), trust, issues);
        return new SkillCatalog(skill is null ? [] : [skill], [], issues);
    }
}
