namespace Memfun.Agent;

/// <summary>The <c>[agent]</c> section: the RLM engine's limits.</summary>
public sealed record AgentSettings
{
    /// <summary>Gets the most root iterations (model reply → code → output) of one run.</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>Gets the deepest recursion of <c>rlm_query</c>.</summary>
    public int MaxDepth { get; init; } = 2;

    /// <summary>Gets the most sub-calls (<c>llm_query</c>) of one run.</summary>
    public int MaxSubCalls { get; init; } = 200;

    /// <summary>Gets the most sub-calls in flight at once in <c>llm_query_batched</c>.</summary>
    public int SubCallConcurrency { get; init; } = 8;

    /// <summary>Gets the wall-clock limit of one run, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 900;

    /// <summary>Gets the root model's context window, in tokens; history is compacted before it fills.</summary>
    public int ContextWindowTokens { get; init; } = 32_000;
}
