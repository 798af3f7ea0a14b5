namespace Memfun.Testing.Llm;

/// <summary>One reply a fake model server sends: a completion, or an HTTP error, after an optional delay.</summary>
public sealed record ScriptedReply
{
    /// <summary>Gets the completion text (ignored for errors).</summary>
    public string Text { get; init; } = "";

    /// <summary>Gets the HTTP status; anything but 200 sends an error body in the provider's format.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Gets the error message of an error reply.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the provider error code (OpenAI <c>code</c>, Anthropic <c>error.type</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the <c>Retry-After</c> header to send, in whole seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Gets how long the server waits before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets a task the server waits for before answering (after <see cref="Delay"/>), to hold requests until a test releases them.</summary>
    public Task? HoldUntil { get; init; }

    /// <summary>
    /// Gets a task a streamed reply waits for after its first chunk, so a test can see a piece arrive while the rest of
    /// the reply is held back (ignored when the reply is not streamed).
    /// </summary>
    public Task? HoldAfterFirstChunk { get; init; }

    /// <summary>Gets the model the reply says answered; null: the one the request named (providers may answer as a snapshot or an alias).</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>Gets the reported input (prompt) tokens.</summary>
    public int InputTokens { get; init; } = 100;

    /// <summary>Gets the reported output (completion) tokens.</summary>
    public int OutputTokens { get; init; } = 20;

    /// <summary>Gets the reported cached input tokens (a part of <see cref="InputTokens"/>).</summary>
    public int CachedInputTokens { get; init; }

    /// <summary>A successful completion.</summary>
    public static ScriptedReply Say(string text, int inputTokens = 100, int outputTokens = 20) =>
        new() { Text = text, InputTokens = inputTokens, OutputTokens = outputTokens };

    /// <summary>An error reply with a provider-style body.</summary>
    public static ScriptedReply Error(int statusCode, string message, string? code = null, int? retryAfterSeconds = null) =>
        new() { StatusCode = statusCode, ErrorMessage = message, ErrorCode = code, RetryAfterSeconds = retryAfterSeconds };
}
