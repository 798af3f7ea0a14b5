namespace Memfun.Agent.Rlm;

/// <summary>One task for the RLM engine.</summary>
public sealed record RlmRequest
{
    /// <summary>Gets the question or task, shown to the model in full.</summary>
    public required string Query { get; init; }

    /// <summary>Gets the context, bound in the REPL as variables.</summary>
    public IReadOnlyList<RlmVariable> Variables { get; init; } = [];

    /// <summary>Gets the tools offered besides the built-in sub-call functions.</summary>
    public IReadOnlyList<RlmTool> Tools { get; init; } = [];

    /// <summary>Gets the root model of this run (an agent definition's model); the configured one when null.</summary>
    public string? Model { get; init; }

    /// <summary>Gets this run's iteration limit (an agent definition's); the engine's when null.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Gets task-specific guidance appended to the system prompt (what a good answer looks like).</summary>
    public string Guidance { get; init; } = "";
}
