namespace Memfun.Tools.Mcp;

/// <summary>What a tool call returned: text, or an error with its code.</summary>
/// <param name="Text">The result text, or the error message.</param>
/// <param name="IsError">Whether the call failed (MCP <c>isError</c>).</param>
/// <param name="ErrorCode">The Memfun error code of a failure, when known (for example <c>MF9001</c>).</param>
public sealed record ToolCallResult(string Text, bool IsError = false, string? ErrorCode = null)
{
    /// <summary>Creates a failed result.</summary>
    /// <param name="errorCode">The code.</param>
    /// <param name="message">The message.</param>
    public static ToolCallResult Error(string errorCode, string message) => new($"{errorCode}: {message}", IsError: true, errorCode);
}
