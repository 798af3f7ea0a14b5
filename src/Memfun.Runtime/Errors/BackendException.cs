using Memfun.Core.Errors;

namespace Memfun.Runtime.Errors;

/// <summary>A runtime backend (in-process, SQLite, Redis, NATS) failed, is unreachable, or refused a payload.</summary>
public class BackendException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public BackendException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.BackendFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public BackendException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Backend;
}
