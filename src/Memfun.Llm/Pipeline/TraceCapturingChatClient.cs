using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>Hands every finished call to an <see cref="ILlmCallObserver"/>, for traces.</summary>
public sealed class TraceCapturingChatClient(IChatClient innerClient, ILlmCallObserver observer) : ObservingChatClient(innerClient)
{
    /// <inheritdoc />
    protected override void OnCallCompleted(LlmCall call) => observer.OnCall(call);
}
