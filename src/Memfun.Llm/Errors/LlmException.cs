using Memfun.Core.Errors;

namespace Memfun.Llm.Errors;

/// <summary>A model call failed: unreachable endpoint, rejected key, context overflow, parse failure or budget.</summary>
public class LlmException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public LlmException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.LlmFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public LlmException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Llm;
}
