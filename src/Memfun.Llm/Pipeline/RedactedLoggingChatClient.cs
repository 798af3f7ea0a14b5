using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Memfun.Llm.Pipeline;

/// <summary>
/// Logs each call: model, tokens and time at Debug, failures at Warning, and the prompt and reply at Trace only,
/// with secrets redacted.
/// </summary>
public sealed partial class RedactedLoggingChatClient(IChatClient innerClient, ILogger logger, SecretRedactor redactor) : ObservingChatClient(innerClient)
{
    /// <inheritdoc />
    protected override void OnCallStarting(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        if (logger.IsEnabled(LogLevel.Trace))
        {
            var prompt = redactor.Redact(string.Join("\n---\n", messages.Select(m => $"{m.Role}: {m.Text}")));
            LogPrompt(logger, prompt);
        }
    }

    /// <inheritdoc />
    protected override void OnCallCompleted(LlmCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Error is { } error)
        {
            var message = redactor.Redact(error.Message);
            LogFailed(logger, call.Model, (error as MemfunException)?.ErrorCode ?? error.GetType().Name, message);
            return;
        }

        LogCompleted(logger, call.Model, call.Usage?.InputTokenCount ?? 0, call.Usage?.OutputTokenCount ?? 0, call.Duration.TotalMilliseconds);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            var reply = redactor.Redact(call.ResponseText);
            LogReply(logger, reply);
        }
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Model prompt:\n{Prompt}")]
    private static partial void LogPrompt(ILogger logger, string prompt);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Model reply:\n{Reply}")]
    private static partial void LogReply(ILogger logger, string reply);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model call to {Model}: {InputTokens} tokens in, {OutputTokens} out, {ElapsedMs:F0} ms")]
    private static partial void LogCompleted(ILogger logger, string model, long inputTokens, long outputTokens, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call to {Model} failed ({ErrorCode}): {Message}")]
    private static partial void LogFailed(ILogger logger, string model, string errorCode, string message);
}
