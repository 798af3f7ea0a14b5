using Memfun.Core.Errors;

namespace Memfun.Llm.Errors;

/// <summary>The prompt did not fit the model's context window; the caller can shorten it and try again.</summary>
public sealed class LlmContextLengthException : LlmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A user-facing message, including the provider's explanation.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public LlmContextLengthException(string message, Exception? innerException = null)
        : base(MemfunErrorCodes.LlmContextLength, message, innerException)
    {
    }
}
