using Microsoft.Extensions.AI;

namespace Memfun.Llm.Pipeline;

/// <summary>One finished model call as a decorator saw it: what was asked, what came back, what it cost in tokens and time.</summary>
/// <param name="Model">The model that answered (the response's model id, else the requested one).</param>
/// <param name="Messages">The prompt messages.</param>
/// <param name="Response">The reply (assembled from the updates for a stream), or null when the call failed.</param>
/// <param name="Error">The failure, or null when the call succeeded.</param>
/// <param name="StartedAt">When the call started.</param>
/// <param name="Duration">How long it took, retries included when observed outside the retry decorator.</param>
public sealed record LlmCall(string Model, IReadOnlyList<ChatMessage> Messages, ChatResponse? Response, Exception? Error, DateTimeOffset StartedAt, TimeSpan Duration)
{
    /// <summary>Gets the reported token usage, if any.</summary>
    public UsageDetails? Usage => Response?.Usage;

    /// <summary>Gets the reply text, or an empty string.</summary>
    public string ResponseText => Response?.Text ?? "";
}
