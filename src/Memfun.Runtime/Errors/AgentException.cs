using Memfun.Core.Errors;

namespace Memfun.Runtime.Errors;

/// <summary>An agent failed, could not be found, or its definition is invalid.</summary>
public class AgentException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public AgentException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.AgentFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public AgentException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <inheritdoc />
    /// <remarks>A run that timed out (<see cref="MemfunErrorCodes.AgentTimeout"/>) exits with <see cref="ExitCodes.TimedOut"/>.</remarks>
    public override int ExitCode => ErrorCode == MemfunErrorCodes.AgentTimeout ? ExitCodes.TimedOut : ExitCodes.Agent;
}
