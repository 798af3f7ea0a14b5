using System.Text.Json;

namespace Memfun.Testing.Llm;

/// <summary>A request a fake model server received, kept for assertions.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Headers">The request headers (last value wins).</param>
/// <param name="Body">The parsed JSON body.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonElement Body, DateTimeOffset ReceivedAt)
{
    /// <summary>Gets the requested model.</summary>
    public string Model => Body.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";

    /// <summary>Gets whether the client asked for a streamed reply.</summary>
    public bool Stream => Body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>Gets the text of every message (and an Anthropic <c>system</c> prompt first), in order.</summary>
    public IReadOnlyList<string> MessageTexts
    {
        get
        {
            var texts = new List<string>();
            if (Body.TryGetProperty("system", out var system))
            {
                texts.Add(TextOf(system));
            }

            if (Body.TryGetProperty("messages", out var messages))
            {
                texts.AddRange(messages.EnumerateArray().Select(m => m.TryGetProperty("content", out var content) ? TextOf(content) : ""));
            }

            return texts;
        }
    }

    /// <summary>Gets the text of the last message.</summary>
    public string LastMessageText => MessageTexts.Count == 0 ? "" : MessageTexts[^1];

    /// <summary>Gets the total characters of all message texts: the size of the prompt.</summary>
    public int PromptCharacters => MessageTexts.Sum(t => t.Length);

    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : "")),
        _ => "",
    };
}
