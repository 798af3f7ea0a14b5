using System.Runtime.CompilerServices;
using Memfun.Llm.Errors;
using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>
/// Refuses a call, with <see cref="LlmBudgetExceededException"/>, once the run has reached a token, dollar or
/// call limit, and caps each reply by the tokens left, so a run stops rather than overspends.
/// </summary>
public sealed class BudgetChatClient(IChatClient innerClient, LlmBudgetGuard guard) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, guard.Admit(options, ModelOf(options)), cancellationToken);

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var admitted = guard.Admit(options, ModelOf(options));
        await foreach (var update in base.GetStreamingResponseAsync(messages, admitted, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private string ModelOf(ChatOptions? options) =>
        options?.ModelId ?? this.GetService<ChatClientMetadata>()?.DefaultModelId ?? "(unnamed)";
}
