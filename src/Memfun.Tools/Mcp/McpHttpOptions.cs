using System.Net;

namespace Memfun.Tools.Mcp;

/// <summary>How <see cref="McpGateway.StartHttpAsync"/> serves Streamable HTTP: address, port, token and the names it answers to.</summary>
/// <remarks>
/// Security: every request's <c>Host</c> header must name the server (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>
/// or the bound address, with the server's port) or one of <see cref="AllowedHosts"/>; an <c>Origin</c> header, when
/// present, must be the server's own origin or one of <see cref="AllowedOrigins"/>. Anything else is refused with
/// HTTP 403 before it reaches a tool, which defeats DNS rebinding: a page on <c>evil.example</c> whose name was
/// re-pointed at 127.0.0.1 still sends <c>Host: evil.example</c>.
/// </remarks>
public sealed record McpHttpOptions
{
    /// <summary>Gets the address to bind (loopback by default).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Gets the port (0 picks a free one).</summary>
    public int Port { get; init; }

    /// <summary>Gets the bearer token clients must send; required when <see cref="Address"/> is not loopback.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Gets further origins (<c>scheme://host[:port]</c>) whose pages may call the server; they also get CORS headers.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Gets further names the <c>Host</c> header may carry: <c>name</c> (any port) or <c>name:port</c>.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
}
