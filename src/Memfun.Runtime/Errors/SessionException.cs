using Memfun.Core.Errors;

namespace Memfun.Runtime.Errors;

/// <summary>A session could not be found or updated.</summary>
public class SessionException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SessionException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.SessionFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SessionException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Session;
}
