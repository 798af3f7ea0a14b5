using System.Runtime.CompilerServices;
using Memfun.Skills.Definitions;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Discovery;

/// <summary>Finds and validates the skills under a list of roots; earlier roots win on name collisions.</summary>
/// <remarks>One invalid skill never hides the others: its errors are reported and the rest load.</remarks>
public static class SkillDiscovery
{
    // Below this many skills in a root, parsing them one after the other is faster than starting the parallel loop's
    // threads (and its event source) in a process that has just started, as every listing command has.
    private const int ParallelFrom = 16;

    /// <summary>Discovers the skills under <paramref name="roots"/> (in precedence order).</summary>
    public static SkillCatalog Discover(IReadOnlyList<DefinitionRoot> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var issues = new List<DefinitionIssue>();
        var precedence = new DefinitionPrecedence<SkillDefinition>();
        foreach (var root in roots)
        {
            // Parse in parallel when there are many (reading and YAML dominate), then apply precedence in a fixed order.
            var directories = DefinitionScanner.Find(root.Directory, "SKILL.md");
            var loaded = new (SkillDefinition? Skill, List<DefinitionIssue> Issues)[directories.Count];
            void Load(int i)
            {
                var found = new List<DefinitionIssue>();
                loaded[i] = (SkillParser.Load(directories[i], root.Trust, found), found);
            }

            if (directories.Count >= ParallelFrom)
            {
                InParallel(directories.Count, Load);
            }
            else
            {
                for (var i = 0; i < directories.Count; i++)
                {
                    Load(i);
                }
            }
            foreach (var (skill, found) in loaded)
            {
                issues.AddRange(found);
                if (skill is not null)
                {
                    precedence.Offer(skill);
                }
            }
        }

        return new SkillCatalog(precedence.Winners, precedence.Shadowed, issues);
    }

    // Its own method, not inlined, so that the parallel library is loaded only when there are many skills.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InParallel(int count, Action<int> body) => Parallel.For(0, count, body);

    /// <summary>Loads one skill folder given by path (a download, another checkout) as <see cref="TrustTier.Untrusted"/>.</summary>
    public static SkillCatalog FromPath(string directory, TrustTier trust = TrustTier.Untrusted)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var issues = new List<DefinitionIssue>();
        var skill = SkillParser.Load(Path.GetFullPath(directory), trust, issues);
        return new SkillCatalog(skill is null ? [] : [skill], [], issues);
    }
}
