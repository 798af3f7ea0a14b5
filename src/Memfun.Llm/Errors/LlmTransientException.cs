using Memfun.Core.Errors;

namespace Memfun.Llm.Errors;

/// <summary>A model call failed in a way that may succeed when retried: rate limiting, a 5xx answer or a timeout.</summary>
public sealed class LlmTransientException : LlmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">A stable code from <see cref="MemfunErrorCodes"/>.</param>
    /// <param name="message">A user-facing message.</param>
    /// <param name="statusCode">The HTTP status, or null for a timeout.</param>
    /// <param name="retryAfter">How long the server asked the client to wait, if it said.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public LlmTransientException(string errorCode, string message, int? statusCode, TimeSpan? retryAfter, Exception? innerException = null)
        : base(errorCode, message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status, or null when the call timed out.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets how long the server asked the client to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
