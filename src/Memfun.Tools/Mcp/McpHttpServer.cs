using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Memfun.Tools.Mcp;

/// <summary>A running Streamable HTTP MCP gateway; dispose to stop it.</summary>
public sealed class McpHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal McpHttpServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Gets the MCP endpoint URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>Waits until the server stops (Ctrl+C or <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Stops the server.</param>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
