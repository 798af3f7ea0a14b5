using Memfun.Agent.Rlm;
using Memfun.Tools.Permissions;

namespace Memfun.Agent.Coding;

/// <summary>A task for <see cref="CodingAgent.RunTaskAsync"/>: a skill's or a defined agent's run over the project.</summary>
public sealed record CodingTask
{
    /// <summary>Gets the task, shown to the model in full.</summary>
    public required string Query { get; init; }

    /// <summary>Gets the instructions appended to the system prompt (a skill's or agent's body).</summary>
    public string Guidance { get; init; } = "";

    /// <summary>Gets extra context bound as REPL variables (besides <c>files</c>).</summary>
    public IReadOnlyList<RlmVariable> Variables { get; init; } = [];

    /// <summary>Gets a value indicating whether the edit tools (<c>edit_file</c>, <c>write_file</c>) are offered; edits are staged, never written.</summary>
    public bool Editing { get; init; }

    /// <summary>Gets a value indicating whether the project's tests run before and after the change (<c>fix</c>), in the run's workspace.</summary>
    public bool VerifyWithTests { get; init; }

    /// <summary>Gets the names of the repository tools offered (<c>read_file</c>, <c>list_files</c>, <c>search</c>, <c>edit_file</c>, <c>write_file</c>, <c>run</c>); null offers all of them.</summary>
    public IReadOnlySet<string>? RepositoryTools { get; init; }

    /// <summary>Gets extra host tools (skill resources, commands, delegation).</summary>
    public IReadOnlyList<RlmTool> Tools { get; init; } = [];

    /// <summary>Gets the policy the shared and bridged tools are called under (a skill's or agent's granted tier); the operator's when null.</summary>
    public TrustPolicy? Policy { get; init; }

    /// <summary>Gets the root model of the run (an agent definition's); the configured one when null.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the run's iteration limit (an agent definition's); the configured one when null.</summary>
    public int? MaxIterations { get; init; }
}
