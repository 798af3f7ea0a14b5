namespace Memfun.Core.Errors;

/// <summary>An action was refused by a security policy (path escape, blocked URL, missing approval).</summary>
public class SecurityException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SecurityException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.SecurityDenied, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SecurityException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Security;
}
