using Microsoft.AspNetCore.Http;

namespace Memfun.Testing.Llm;

/// <summary>A fake Anthropic server: <c>POST /v1/messages</c>, streamed (typed events) or not, with usage.</summary>
public sealed class FakeAnthropicServer : FakeLlmServer
{
    /// <summary>Creates and starts a server.</summary>
    public static async Task<FakeAnthropicServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeAnthropicServer();
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <inheritdoc />
    protected override string CompletionPath => "/v1/messages";

    /// <inheritdoc />
    protected override Task WriteCompletionAsync(HttpResponse response, RecordedRequest request, ScriptedReply reply, CancellationToken cancellationToken) =>
        response.WriteAsJsonAsync(Message(request, reply, [new { type = "text", text = reply.Text }], "end_turn", reply.OutputTokens), cancellationToken);

    /// <inheritdoc />
    protected override async Task WriteStreamAsync(HttpResponse response, RecordedRequest request, ScriptedReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await WriteEventAsync(response, "message_start", new { type = "message_start", message = Message(request, reply, [], null, 1) }, cancellationToken).ConfigureAwait(false);
        await WriteEventAsync(response, "content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }, cancellationToken).ConfigureAwait(false);
        await foreach (var piece in ChunksAsync(reply, cancellationToken).ConfigureAwait(false))
        {
            await WriteEventAsync(response, "content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = piece } }, cancellationToken).ConfigureAwait(false);
        }

        await WriteEventAsync(response, "content_block_stop", new { type = "content_block_stop", index = 0 }, cancellationToken).ConfigureAwait(false);
        await WriteEventAsync(response, "message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = reply.OutputTokens },
        }, cancellationToken).ConfigureAwait(false);
        await WriteEventAsync(response, "message_stop", new { type = "message_stop" }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override object ErrorBody(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var type = reply.ErrorCode ?? reply.StatusCode switch
        {
            401 => "authentication_error",
            429 => "rate_limit_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        return new { type = "error", error = new { type, message = reply.ErrorMessage ?? "error" } };
    }

    private static object Message(RecordedRequest request, ScriptedReply reply, object[] content, string? stopReason, int outputTokens) => new
    {
        id = "msg_fake",
        type = "message",
        role = "assistant",
        model = reply.AnsweredBy ?? request.Model,
        content,
        stop_reason = stopReason,
        stop_sequence = (string?)null,
        usage = new
        {
            // Anthropic reports cache reads apart from input_tokens; the fake keeps InputTokens as the total.
            input_tokens = reply.InputTokens - reply.CachedInputTokens,
            output_tokens = outputTokens,
            cache_read_input_tokens = reply.CachedInputTokens,
            cache_creation_input_tokens = 0,
        },
    };
}
