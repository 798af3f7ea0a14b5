using Memfun.Core.Errors;

namespace Memfun.Sandbox;

/// <summary>The sandbox could not start or run code.</summary>
public class SandboxException : MemfunException
{
    /// <summary>Creates the exception with the family's default code.</summary>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SandboxException(string message, Exception? innerException = null)
        : this(MemfunErrorCodes.SandboxFailure, message, innerException)
    {
    }

    /// <summary>Creates the exception with a specific code.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SandboxException(string errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
    }

    /// <inheritdoc />
    public override int ExitCode => ExitCodes.Sandbox;
}
