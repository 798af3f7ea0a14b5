using Memfun.Core.Errors;
using Memfun.Llm.Usage;

namespace Memfun.Llm.Errors;

/// <summary>A run reached one of its token, dollar or call limits; no further model call was made.</summary>
public sealed class LlmBudgetExceededException : LlmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which limit was reached.</param>
    /// <param name="spent">What the run had used when it stopped.</param>
    public LlmBudgetExceededException(string message, UsageTotals spent)
        : base(MemfunErrorCodes.LlmBudgetExceeded, message)
    {
        Spent = spent;
    }

    /// <summary>Gets what the run had used when it stopped.</summary>
    public UsageTotals Spent { get; }
}
