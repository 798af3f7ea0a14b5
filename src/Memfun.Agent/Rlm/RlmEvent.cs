using System.Text.Json.Serialization;
using Memfun.Llm.Usage;

namespace Memfun.Agent.Rlm;

/// <summary>Something that happened in a run, as traces record it and progress displays show it.</summary>
/// <param name="RunId">The run (sub-runs have their own id and name their parent).</param>
/// <param name="Depth">The recursion depth (0 for the root run).</param>
/// <param name="At">When it happened.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RlmRunStarted), "run_started")]
[JsonDerivedType(typeof(RlmIteration), "iteration")]
[JsonDerivedType(typeof(RlmSubCall), "sub_call")]
[JsonDerivedType(typeof(RlmRunFinished), "run_finished")]
public abstract record RlmEvent(string RunId, int Depth, DateTimeOffset At);

/// <summary>A run started.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Depth">The recursion depth.</param>
/// <param name="At">When.</param>
/// <param name="ParentRunId">The run that started it with <c>rlm_query</c>, if any.</param>
/// <param name="Query">The task.</param>
/// <param name="Model">The root model.</param>
/// <param name="ContextChars">Characters bound in the REPL as context.</param>
public sealed record RlmRunStarted(string RunId, int Depth, DateTimeOffset At, string? ParentRunId, string Query, string Model, long ContextChars)
    : RlmEvent(RunId, Depth, At);

/// <summary>One root iteration: the model's reply, the code run and what it printed.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Depth">The recursion depth.</param>
/// <param name="At">When it ended.</param>
/// <param name="Index">The iteration number, from 1.</param>
/// <param name="PromptChars">Characters of the root prompt sent.</param>
/// <param name="InputTokens">Input tokens the provider reported for the root call.</param>
/// <param name="OutputTokens">Output tokens the provider reported for the root call.</param>
/// <param name="Code">The code extracted from the reply (empty when there was none).</param>
/// <param name="Output">The execution's output as shown to the model (truncated).</param>
/// <param name="Error">The execution's error type and message, if any.</param>
/// <param name="ModelMs">Time spent waiting for the root model.</param>
/// <param name="ExecutionMs">Time spent running the code (sub-calls included).</param>
public sealed record RlmIteration(string RunId, int Depth, DateTimeOffset At, int Index, int PromptChars, long InputTokens, long OutputTokens,
    string Code, string Output, string? Error, double ModelMs, double ExecutionMs)
    : RlmEvent(RunId, Depth, At);

/// <summary>One sub-call made by the model's code.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Depth">The recursion depth.</param>
/// <param name="At">When it ended.</param>
/// <param name="Kind"><c>llm_query</c> or <c>rlm_query</c>.</param>
/// <param name="PromptChars">Characters of the prompt.</param>
/// <param name="ResponseChars">Characters of the reply.</param>
/// <param name="InputTokens">Input tokens reported.</param>
/// <param name="OutputTokens">Output tokens reported.</param>
/// <param name="Error">The failure, if it failed.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record RlmSubCall(string RunId, int Depth, DateTimeOffset At, string Kind, int PromptChars, int ResponseChars,
    long InputTokens, long OutputTokens, string? Error, double DurationMs)
    : RlmEvent(RunId, Depth, At);

/// <summary>A run ended, with an answer or an error.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Depth">The recursion depth.</param>
/// <param name="At">When.</param>
/// <param name="Answer">The answer, or null when the run failed.</param>
/// <param name="Termination">How the answer was produced, or null when the run failed.</param>
/// <param name="Error">The error code and message when the run failed.</param>
/// <param name="Iterations">Root iterations used.</param>
/// <param name="SubCalls">Sub-calls made.</param>
/// <param name="Usage">Tokens and cost of the whole run so far (sub-runs included).</param>
/// <param name="ElapsedMs">Wall-clock time.</param>
public sealed record RlmRunFinished(string RunId, int Depth, DateTimeOffset At, string? Answer, RlmTermination? Termination, string? Error,
    int Iterations, int SubCalls, UsageTotals Usage, double ElapsedMs)
    : RlmEvent(RunId, Depth, At);
