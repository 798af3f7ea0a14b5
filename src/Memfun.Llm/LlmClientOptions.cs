using Memfun.Llm.Pipeline;
using Microsoft.Extensions.Logging;

namespace Memfun.Llm;

/// <summary>What a run adds to the configured clients: logging, a trace observer, a budget or retry override.</summary>
public sealed record LlmClientOptions
{
    /// <summary>Gets the logger factory for the logging and retry decorators; no logging when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Gets the observer that receives every call, for traces; none when null.</summary>
    public ILlmCallObserver? Observer { get; init; }

    /// <summary>Gets the run's budget; the <c>[llm]</c> limits when null.</summary>
    public LlmBudget? Budget { get; init; }

    /// <summary>Gets the retry policy; <c>[llm] max_retries</c> with default backoff when null.</summary>
    public RetryOptions? Retry { get; init; }

    /// <summary>Gets where API key variables are read; the process environment when null.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
