namespace Memfun.Agent;

/// <summary>The <c>[agent]</c> section: the permission mode and the RLM engine's limits.</summary>
public sealed record AgentSettings
{
    /// <summary>Gets what the agent may do to files. Default <see cref="AgentMode.Ask"/>.</summary>
    public AgentMode Mode { get; init; } = AgentMode.Ask;

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

    /// <summary>Gets the most characters of one prompt to <c>llm_query</c> / <c>llm_query_batched</c> (and of <c>rlm_query</c>'s prompt).</summary>
    public int MaxSubPromptChars { get; init; } = 400_000;

    /// <summary>Gets the most characters of the final answer given to <c>SUBMIT</c>.</summary>
    public int MaxAnswerChars { get; init; } = 200_000;
}
