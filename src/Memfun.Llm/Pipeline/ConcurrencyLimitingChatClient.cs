using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>Lets at most a fixed number of calls be in flight at once; a stream holds its slot until it ends.</summary>
/// <remarks>Clients that share one <see cref="SemaphoreSlim"/> share one limit (for example a root and a sub-model on one endpoint).</remarks>
public sealed class ConcurrencyLimitingChatClient(IChatClient innerClient, SemaphoreSlim gate) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
