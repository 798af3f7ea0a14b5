namespace Memfun.Core.Errors;

/// <summary>
/// The root of every error Memfun raises on purpose. Each subtype carries a stable
/// <see cref="ErrorCode"/> (see <see cref="MemfunErrorCodes"/>) and the process exit code the CLI uses for it.
/// </summary>
/// <remarks>
/// Messages are written for the user: they say what went wrong and, where possible, how to fix it.
/// They never contain secrets.
/// </remarks>
public abstract class MemfunException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    protected MemfunException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
    }

    /// <summary>Gets the stable, machine-readable error code (for example <c>MF1002</c>).</summary>
    public string ErrorCode { get; }

    /// <summary>Gets the process exit code the CLI returns when this error ends a command.</summary>
    public abstract int ExitCode { get; }

    /// <summary>Gets a one-line hint on how to fix the problem, when there is one.</summary>
    public string? Hint { get; init; }
}
