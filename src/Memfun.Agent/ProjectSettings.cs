namespace Memfun.Agent;

/// <summary>The <c>[project]</c> section: facts about the project the agent cannot always guess.</summary>
public sealed record ProjectSettings
{
    /// <summary>Gets the command that runs the project's tests (detected from AGENTS.md or the project's files when null).</summary>
    public string? Test { get; init; }
}
