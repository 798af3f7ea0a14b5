
namespace Memfun.Agent.Rlm;

/// <summary>The limits and prompt sizes of an RLM run; every limit also binds the run's recursive sub-runs.</summary>
public sealed record RlmOptions
{
    /// <summary>Gets the most root iterations before the extract step.</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>Gets the deepest <c>rlm_query</c> recursion (0: none).</summary>
    public int MaxDepth { get; init; } = 2;

    /// <summary>Gets the most sub-calls (<c>llm_query</c> items and <c>rlm_query</c> runs) in the whole run.</summary>
    public int MaxSubCalls { get; init; } = 200;

    /// <summary>Gets the most sub-calls in flight at once in <c>llm_query_batched</c>.</summary>
    public int SubCallConcurrency { get; init; } = 8;

    /// <summary>Gets the wall-clock limit of the whole run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets the most characters of one execution's output shown to the root model.</summary>
    public int OutputCharsInPrompt { get; init; } = 4_000;

    /// <summary>Gets the characters of each context variable previewed in the root prompt.</summary>
    public int PreviewChars { get; init; } = 300;

    /// <summary>Gets the root model's context window, in tokens; history is compacted before it fills.</summary>
    public int ContextWindowTokens { get; init; } = 32_000;

    /// <summary>Gets the most characters of one sub-model prompt (<c>llm_query</c>, each <c>llm_query_batched</c> item, <c>rlm_query</c>'s prompt).</summary>
    public int MaxSubPromptChars { get; init; } = 400_000;

    /// <summary>Gets the most characters of the final answer given to <c>SUBMIT</c> (or the <c>answer</c> variable).</summary>
    public int MaxAnswerChars { get; init; } = 200_000;

    /// <summary>Gets the strategy instructions and worked examples added to every root prompt (an optimized program).</summary>
    public RlmPromptProgram Program { get; init; } = RlmPromptProgram.Empty;

    /// <summary>Creates options from the <c>[agent]</c> section.</summary>
    public static RlmOptions FromSettings(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RlmOptions
        {
            MaxIterations = settings.MaxIterations,
            MaxDepth = settings.MaxDepth,
            MaxSubCalls = settings.MaxSubCalls,
            SubCallConcurrency = settings.SubCallConcurrency,
            Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
            ContextWindowTokens = settings.ContextWindowTokens,
            MaxSubPromptChars = settings.MaxSubPromptChars,
            MaxAnswerChars = settings.MaxAnswerChars,
        };
    }
}
