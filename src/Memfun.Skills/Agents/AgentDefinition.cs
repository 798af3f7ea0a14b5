using Memfun.Skills.Discovery;
using Memfun.Skills.Definitions;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Agents;

/// <summary>An agent defined in an <c>AGENT.md</c>: YAML frontmatter and Markdown instructions.</summary>
public sealed record AgentDefinition : IDefinition
{
    /// <summary>Gets the name (equal to the folder's name); tasks are addressed to it.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the agent does and when to hand it a task.</summary>
    public required string Description { get; init; }

    /// <summary>Gets what it can do; delegation by capability routes on these.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the tools it asks for (same names as a skill's <c>allowed-tools</c>; empty: the read-only tools).</summary>
    public IReadOnlyList<ToolRequest> Tools { get; init; } = [];

    /// <summary>Gets the model it runs on, or null for the configured one.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the effective trust tier: the one it declares, but never more than its location grants.</summary>
    public required TrustTier Trust { get; init; }

    /// <summary>Gets the most turns of its runs, or null for the configured limit.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Gets the instructions (the Markdown body).</summary>
    public required string Instructions { get; init; }

    /// <summary>Gets the path of its <c>AGENT.md</c>.</summary>
    public required string FilePath { get; init; }

    /// <summary>Gets the warnings found when loading it.</summary>
    public IReadOnlyList<DefinitionIssue> Warnings { get; init; } = [];
}
