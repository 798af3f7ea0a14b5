using Memfun.Agent.Rlm;
using Memfun.Core.Errors;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// How an agent run ended, as <c>--json</c>'s <c>outcome</c> field reports it; each has its own exit code
/// (docs/cli.md): <c>answered</c> 0, <c>limit_reached</c> 13, <c>timed_out</c> 14, <c>budget_exhausted</c> 10,
/// <c>cancelled</c> 130, and <c>failed</c> for any other error (the error family's code).
/// </summary>
internal static class RunOutcome
{
    public const string Answered = "answered";
    public const string LimitReached = "limit_reached";
    public const string TimedOut = "timed_out";
    public const string BudgetExhausted = "budget_exhausted";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    /// <summary>The outcome of a run that returned a result.</summary>
    public static string Of(RlmResult run) => run.Answered ? Answered : LimitReached;

    /// <summary>The outcome of a run that ended with <paramref name="exception"/>.</summary>
    public static string Of(Exception exception) => exception switch
    {
        MemfunException { ErrorCode: MemfunErrorCodes.AgentTimeout } => TimedOut,
        MemfunException { ErrorCode: MemfunErrorCodes.LlmBudgetExceeded } => BudgetExhausted,
        OperationCanceledException => Cancelled,
        _ => Failed,
    };
}
