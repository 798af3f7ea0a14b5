using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memfun.Testing.Llm;

/// <summary>
/// A real HTTP server on 127.0.0.1 (random port) that answers model API calls from a script and records
/// every request, so provider SDKs and the whole client pipeline are tested over the wire.
/// </summary>
/// <remarks>
/// Replies come from the queue filled by <see cref="Enqueue"/>; when it is empty, from the responder set by
/// <see cref="RespondWith"/>; when there is neither, the server answers 500 "script exhausted" so a test
/// that makes an unexpected call fails loudly. Thread-safe.
/// </remarks>
public abstract class FakeLlmServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<RecordedRequest> _aborted = new();
    private volatile Func<RecordedRequest, ScriptedReply>? _responder;
    private WebApplication? _app;

    /// <summary>Gets the base URL a client is configured with.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Gets the requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Gets the requests the client aborted while their reply was delayed (a cancelled call).</summary>
    public IReadOnlyList<RecordedRequest> AbortedRequests => [.. _aborted];

    /// <summary>Gets the path of the completion endpoint, relative to the server root.</summary>
    protected abstract string CompletionPath { get; }

    /// <summary>Gets the suffix added to the server root to form <see cref="BaseUrl"/>.</summary>
    protected virtual string BaseUrlSuffix => "";

    /// <summary>Queues replies, answered in order.</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Answers every request the queue does not cover with <paramref name="responder"/>.</summary>
    public void RespondWith(Func<RecordedRequest, ScriptedReply> responder) => _responder = responder;

    /// <summary>Starts the server on a free loopback port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost(CompletionPath, HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + BaseUrlSuffix;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a successful, non-streamed completion.</summary>
    protected abstract Task WriteCompletionAsync(HttpResponse response, RecordedRequest request, ScriptedReply reply, CancellationToken cancellationToken);

    /// <summary>Writes a streamed completion as server-sent events.</summary>
    protected abstract Task WriteStreamAsync(HttpResponse response, RecordedRequest request, ScriptedReply reply, CancellationToken cancellationToken);

    /// <summary>Returns the provider-format JSON body of an error reply.</summary>
    protected abstract object ErrorBody(ScriptedReply reply);

    /// <summary>Writes one server-sent event.</summary>
    protected static async Task WriteEventAsync(HttpResponse response, string? eventName, object data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder();
        if (eventName is not null)
        {
            text.Append("event: ").Append(eventName).Append('\n');
        }

        text.Append("data: ").Append(data as string ?? JsonSerializer.Serialize(data)).Append("\n\n");
        await response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Splits a reply's text into a few stream chunks; after the first one (written and flushed by the caller before it
    /// asks for the next) waits for <see cref="ScriptedReply.HoldAfterFirstChunk"/>.
    /// </summary>
    protected static async IAsyncEnumerable<string> ChunksAsync(ScriptedReply reply, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        const int ChunkSize = 8;
        for (var i = 0; i < reply.Text.Length; i += ChunkSize)
        {
            yield return reply.Text.Substring(i, Math.Min(ChunkSize, reply.Text.Length - i));
            if (i == 0 && reply.HoldAfterFirstChunk is { } hold)
            {
                await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new RecordedRequest(context.Request.Path, headers, body, DateTimeOffset.UtcNow);
        _requests.Enqueue(request);

        var reply = _script.TryDequeue(out var scripted) ? scripted
            : _responder?.Invoke(request) ?? ScriptedReply.Error(500, "fake server: script exhausted (no reply queued for this request)");
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, cancellationToken).ConfigureAwait(false);
            }

            if (reply.HoldUntil is { } hold)
            {
                await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _aborted.Enqueue(request);
            return;
        }

        var response = context.Response;
        if (reply.StatusCode != 200)
        {
            response.StatusCode = reply.StatusCode;
            if (reply.RetryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await response.WriteAsJsonAsync(ErrorBody(reply), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (request.Stream)
        {
            response.ContentType = "text/event-stream";
            await WriteStreamAsync(response, request, reply, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteCompletionAsync(response, request, reply, cancellationToken).ConfigureAwait(false);
        }
    }
}
