using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;

namespace Memfun.Skills.Agents;

/// <summary>The agents found by discovery, the ones they shadow, and every problem found.</summary>
/// <param name="Agents">The valid agents, one per name, by name.</param>
/// <param name="Shadowed">Valid agents hidden by a higher-precedence one of the same name.</param>
/// <param name="Issues">Every error and warning.</param>
public sealed record AgentCatalog(IReadOnlyList<AgentDefinition> Agents, IReadOnlyList<ShadowedDefinition> Shadowed, IReadOnlyList<DefinitionIssue> Issues)
{
    /// <summary>Finds an agent by name.</summary>
    public AgentDefinition? Find(string name) => CatalogLookup.ByName(Agents, name);

    /// <summary>Gets the errors (each one kept an agent out).</summary>
    public IReadOnlyList<DefinitionIssue> Errors => CatalogLookup.Errors(Issues);

    /// <summary>Discovers the agents under <paramref name="roots"/> (in precedence order); invalid ones are reported, never hide the others.</summary>
    public static AgentCatalog Discover(IReadOnlyList<DefinitionRoot> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var issues = new List<DefinitionIssue>();
        var precedence = new DefinitionPrecedence<AgentDefinition>();
        foreach (var root in roots)
        {
            foreach (var directory in DefinitionScanner.Find(root.Directory, "AGENT.md"))
            {
                if (AgentParser.Load(directory, root.Trust, issues) is { } agent)
                {
                    precedence.Offer(agent);
                }
            }
        }

        return new AgentCatalog(precedence.Winners, precedence.Shadowed, issues);
    }
}
