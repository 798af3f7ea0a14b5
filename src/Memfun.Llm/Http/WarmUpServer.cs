using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Memfun.Llm.Http;

/// <summary>
/// A one-request HTTP server on a loopback port of this process that answers with a short streamed chat completion in
/// the OpenAI format, so that <see cref="LlmClients.WarmUpAsync"/> runs the real HTTP stack (connection, request,
/// event stream) without sending anything to the model endpoint.
/// </summary>
internal sealed class WarmUpServer : IAsyncDisposable
{
    /// <summary>The text the canned stream carries.</summary>
    public const string Text = "ok";

    private static readonly byte[] Response = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" +
        "data: {\"id\":\"warm-up\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"warm-up\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + Text + "\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"warm-up\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"warm-up\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}\n\n" +
        "data: [DONE]\n\n");

    private const int MaxRequestBytes = 64 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LastChunk = "\r\n0\r\n\r\n"u8.ToArray();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    public WarmUpServer()
    {
        _listener.Start();
        BaseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");
        _serving = ServeOneAsync(_stopping.Token);
    }

    /// <summary>Gets the endpoint to give the warm-up client.</summary>
    public string BaseUrl { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task ServeOneAsync(CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        // The whole request is read before answering: closing on a client still sending would reset the connection.
        using var request = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (!Complete(request.GetBuffer().AsSpan(0, (int)request.Length)))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The warm-up client closed the connection mid-request.");
            }

            // Any local process can connect to the port; the warm-up's own request is a few hundred bytes.
            if (request.Length + read > MaxRequestBytes)
            {
                throw new IOException("The warm-up request is too large.");
            }

            await request.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(Response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the request has arrived whole: its headers, then Content-Length bytes or the last chunk.</summary>
    private static bool Complete(ReadOnlySpan<byte> request)
    {
        var headerLength = request.IndexOf(HeaderEnd);
        if (headerLength < 0)
        {
            return false;
        }

        var body = request[(headerLength + HeaderEnd.Length)..];
        return ContentLength(Encoding.ASCII.GetString(request[..headerLength])) is { } length ? body.Length >= length : body.EndsWith(LastChunk);
    }

    private static long? ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line.AsSpan("Content-Length:".Length), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
