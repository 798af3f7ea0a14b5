using Memfun.Core.Logging;
using Memfun.Llm.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Memfun.Llm.Pipeline;

/// <summary><see cref="ChatClientBuilder"/> extensions that add Memfun's decorators.</summary>
/// <remarks>Decorators run in the order they are added, outermost first.</remarks>
public static class MemfunChatClientBuilderExtensions
{
    /// <summary>Retries transient failures with backoff and jitter, honouring <c>Retry-After</c>.</summary>
    public static ChatClientBuilder UseRetry(this ChatClientBuilder builder, RetryOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new RetryingChatClient(inner, options, logger, timeProvider));
    }

    /// <summary>Adds each completed call's tokens and cost to <paramref name="ledger"/>.</summary>
    public static ChatClientBuilder UseUsageAccounting(this ChatClientBuilder builder, UsageLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(ledger);
        return builder.Use(inner => new UsageAccountingChatClient(inner, ledger));
    }

    /// <summary>Refuses calls once the guard's ledger reaches a limit (share the guard to share the limits).</summary>
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, LlmBudgetGuard guard)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(guard);
        return builder.Use(inner => new BudgetChatClient(inner, guard));
    }

    /// <summary>Lets at most as many calls run at once as <paramref name="gate"/> allows (share the gate to share the limit).</summary>
    public static ChatClientBuilder UseConcurrencyLimit(this ChatClientBuilder builder, SemaphoreSlim gate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gate);
        return builder.Use(inner => new ConcurrencyLimitingChatClient(inner, gate));
    }

    /// <summary>Hands every finished call to <paramref name="observer"/>.</summary>
    public static ChatClientBuilder UseTraceCapture(this ChatClientBuilder builder, ILlmCallObserver observer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(observer);
        return builder.Use(inner => new TraceCapturingChatClient(inner, observer));
    }

    /// <summary>Logs calls (prompts and replies only at Trace), redacting secrets.</summary>
    public static ChatClientBuilder UseRedactedLogging(this ChatClientBuilder builder, ILogger logger, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(logger);
        return builder.Use(inner => new RedactedLoggingChatClient(inner, logger, redactor ?? SecretRedactor.FromEnvironment()));
    }
}
