using System.Runtime.CompilerServices;
using Memfun.Llm.Errors;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>
/// Surfaces the typed error the HTTP handler raised when a provider SDK wrapped it in its own exception type,
/// so every decorator above sees <see cref="LlmException"/> whatever the provider.
/// </summary>
internal sealed class ProviderExceptionUnwrappingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Unwrap(exception) is { } typed)
        {
            throw typed;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception exception) when (Unwrap(exception) is { } typed)
                {
                    throw typed;
                }

                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static LlmException? Unwrap(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is LlmException typed)
            {
                return typed;
            }
        }

        return null;
    }
}
