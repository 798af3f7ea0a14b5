using System.Runtime.CompilerServices;
using Memfun.Llm.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Llm.Pipeline;

/// <summary>
/// Retries calls that failed transiently (<see cref="LlmTransientException"/>: 429, 5xx, timeouts) with
/// exponential backoff and full jitter, honouring the server's <c>Retry-After</c>.
/// </summary>
/// <remarks>A stream is retried only while it has produced nothing: a half-delivered reply is never replayed.</remarks>
public sealed partial class RetryingChatClient : DelegatingChatClient
{
    private readonly RetryOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the decorator.</summary>
    public RetryingChatClient(IChatClient innerClient, RetryOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        _options = options ?? new RetryOptions();
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
            }
            catch (LlmTransientException exception) when (TryGetDelay(exception, attempt, out var delay))
            {
                await WaitAsync(exception, attempt, delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        for (var attempt = 0; ; attempt++)
        {
            var updates = base.GetStreamingResponseAsync(history, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            bool hasFirst;
            try
            {
                hasFirst = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (LlmTransientException exception) when (TryGetDelay(exception, attempt, out var delay))
            {
                await updates.DisposeAsync().ConfigureAwait(false);
                await WaitAsync(exception, attempt, delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                if (hasFirst)
                {
                    yield return updates.Current;
                    while (await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield return updates.Current;
                    }
                }
            }
            finally
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }

            yield break;
        }
    }

    private bool TryGetDelay(LlmTransientException exception, int attempt, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (attempt >= _options.MaxRetries || exception.RetryAfter > _options.MaxRetryAfter)
        {
            return false;
        }

        if (exception.RetryAfter is { } retryAfter)
        {
            delay = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
            return true;
        }

        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
#pragma warning disable CA5394 // Jitter spreads retries out; it needs no cryptographic randomness.
        delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
        return true;
    }

    private async Task WaitAsync(LlmTransientException exception, int attempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        LogRetrying(_logger, exception.ErrorCode, exception.StatusCode, attempt + 1, _options.MaxRetries, delay.TotalMilliseconds);
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call failed transiently ({ErrorCode}, HTTP {StatusCode}); retry {Attempt} of {MaxRetries} in {DelayMs:F0} ms")]
    private static partial void LogRetrying(ILogger logger, string errorCode, int? statusCode, int attempt, int maxRetries, double delayMs);
}
