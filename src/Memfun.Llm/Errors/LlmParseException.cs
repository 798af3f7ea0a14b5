using Memfun.Core.Errors;

namespace Memfun.Llm.Errors;

/// <summary>The model's reply could not be parsed into the expected output fields, even after a corrective retry.</summary>
public sealed class LlmParseException : LlmException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was missing or malformed.</param>
    /// <param name="rawText">The model's last reply, unparsed.</param>
    public LlmParseException(string message, string rawText)
        : base(MemfunErrorCodes.LlmParseFailure, message)
    {
        RawText = rawText;
    }

    /// <summary>Gets the model's last reply, unparsed.</summary>
    public string RawText { get; }
}
