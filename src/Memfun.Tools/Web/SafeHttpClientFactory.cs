using System.Net;
using System.Net.Sockets;

namespace Memfun.Tools.Web;

/// <summary>Creates HTTP clients whose every connection goes to an address vetted by an <see cref="SsrfGuard"/>.</summary>
/// <remarks>
/// Security: the handler's <see cref="SocketsHttpHandler.ConnectCallback"/> resolves and checks the host itself and
/// connects to that address, so there is no second lookup to rebind. Proxies and automatic redirects are off;
/// <see cref="WebFetcher"/> follows redirects itself and checks each target.
/// </remarks>
public static class SafeHttpClientFactory
{
    /// <summary>Creates a client bound to <paramref name="guard"/>.</summary>
    /// <param name="guard">The SSRF guard.</param>
    /// <param name="timeout">The whole-request timeout.</param>
    public static HttpClient Create(SsrfGuard guard, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(guard);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var address = await guard.ResolveAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { Timeout = timeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Memfun/0.1 (+https://github.com/memfun)");
        return client;
    }
}
