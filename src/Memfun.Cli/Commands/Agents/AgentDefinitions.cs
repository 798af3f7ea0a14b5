using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Core.Text;
using Memfun.Runtime.Errors;
using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Skills.Discovery;
using Memfun.Tools.Permissions;

namespace Memfun.Cli.Commands.Agents;

/// <summary>Finding the AGENT.md agents a command names.</summary>
internal static class AgentDefinitions
{
    /// <summary>Discovers the agents of the project, the user and the built-in ones.</summary>
    public static AgentCatalog Discover(CliEnvironment environment, string projectRoot) =>
        AgentCatalog.Discover(DefinitionRoots.Agents(projectRoot, environment.Variables));

    /// <summary>Returns the fields of an agent that <c>agent list --json</c> and <c>agent info --json</c> both show, in their order.</summary>
    public static Dictionary<string, object?> JsonFields(AgentDefinition agent) => new(StringComparer.Ordinal)
    {
        ["name"] = agent.Name,
        ["description"] = agent.Description,
        ["capabilities"] = agent.Capabilities,
        ["tools"] = ToolRequest.Texts(agent.Tools),
        ["model"] = agent.Model,
        ["trust"] = TrustTiers.Name(agent.Trust),
        ["max_iterations"] = agent.MaxIterations,
        ["path"] = agent.FilePath,
    };

    /// <summary>Returns the agent named <paramref name="name"/>.</summary>
    /// <exception cref="AgentException">There is none; the hint names the closest.</exception>
    public static AgentDefinition Find(AgentCatalog catalog, string name) =>
        catalog.Find(name) ?? throw new AgentException(MemfunErrorCodes.AgentNotFound, $"There is no agent named '{name}'.")
        {
            Hint = Suggestions.Closest(name, catalog.Agents.Select(a => a.Name)) is { } closest ? $"Did you mean '{closest}'?" : "memfun agent list shows the defined agents.",
        };
}
