using Microsoft.AspNetCore.Http;

namespace Memfun.Testing.Llm;

/// <summary>A fake OpenAI-compatible server: <c>POST /v1/chat/completions</c>, streamed or not, with usage.</summary>
public sealed class FakeOpenAIServer : FakeLlmServer
{
    /// <summary>Creates and starts a server.</summary>
    public static async Task<FakeOpenAIServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeOpenAIServer();
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <inheritdoc />
    protected override string CompletionPath => "/v1/chat/completions";

    /// <inheritdoc />
    protected override string BaseUrlSuffix => "/v1";

    /// <inheritdoc />
    protected override Task WriteCompletionAsync(HttpResponse response, RecordedRequest request, ScriptedReply reply, CancellationToken cancellationToken) =>
        response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model = reply.AnsweredBy ?? request.Model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Text }, finish_reason = "stop" } },
            usage = Usage(reply),
        }, cancellationToken);

    /// <inheritdoc />
    protected override async Task WriteStreamAsync(HttpResponse response, RecordedRequest request, ScriptedReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        object Chunk(object[] choices, object? usage = null) =>
            new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created, model = reply.AnsweredBy ?? request.Model, choices, usage };

        await foreach (var piece in ChunksAsync(reply, cancellationToken).ConfigureAwait(false))
        {
            await WriteEventAsync(response, null, Chunk([new { index = 0, delta = new { role = "assistant", content = piece }, finish_reason = (string?)null }]), cancellationToken).ConfigureAwait(false);
        }

        await WriteEventAsync(response, null, Chunk([new { index = 0, delta = new { }, finish_reason = "stop" }]), cancellationToken).ConfigureAwait(false);
        await WriteEventAsync(response, null, Chunk([], Usage(reply)), cancellationToken).ConfigureAwait(false);
        await WriteEventAsync(response, null, "[DONE]", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override object ErrorBody(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new { error = new { message = reply.ErrorMessage ?? "error", type = reply.StatusCode >= 500 ? "server_error" : "invalid_request_error", code = reply.ErrorCode } };
    }

    private static object Usage(ScriptedReply reply) => new
    {
        prompt_tokens = reply.InputTokens,
        completion_tokens = reply.OutputTokens,
        total_tokens = reply.InputTokens + reply.OutputTokens,
        prompt_tokens_details = new { cached_tokens = reply.CachedInputTokens },
    };
}
