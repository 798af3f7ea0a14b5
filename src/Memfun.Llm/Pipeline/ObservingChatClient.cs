using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>
/// A decorator that sees every call start and finish, streamed or not, as one <see cref="LlmCall"/>: the shared
/// base of usage accounting, trace capture and logging.
/// </summary>
public abstract class ObservingChatClient : DelegatingChatClient
{
    private readonly TimeProvider _time;

    /// <summary>Creates the decorator.</summary>
    protected ObservingChatClient(IChatClient innerClient, TimeProvider? timeProvider = null)
        : base(innerClient) => _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        OnCallStarting(history, options);
        var startedAt = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
            OnCallCompleted(new LlmCall(ModelOf(response.ModelId, options), history, response, null, startedAt, clock.Elapsed));
            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            OnCallCompleted(new LlmCall(ModelOf(null, options), history, null, exception, startedAt, clock.Elapsed));
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        OnCallStarting(history, options);
        var startedAt = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var received = new List<ChatResponseUpdate>();
        Exception? error = null;
        var cancelled = false;
        var updates = base.GetStreamingResponseAsync(history, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    // A cancelled stream is not a finished call, as a cancelled single call is not: nothing is counted or traced.
                    cancelled = true;
                    throw;
                }
                catch (Exception exception)
                {
                    error = exception;
                    throw;
                }

                received.Add(updates.Current);
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            if (!cancelled)
            {
                var response = received.ToChatResponse();
                OnCallCompleted(new LlmCall(ModelOf(response.ModelId, options), history, error is null ? response : null, error, startedAt, clock.Elapsed));
            }
        }
    }

    /// <summary>Called before a call is sent.</summary>
    protected virtual void OnCallStarting(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
    }

    /// <summary>Called once when a call finishes, failed or not (not when it is cancelled).</summary>
    protected abstract void OnCallCompleted(LlmCall call);

    private string ModelOf(string? responseModel, ChatOptions? options) =>
        responseModel ?? options?.ModelId ?? this.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
}
