using System.Globalization;
using System.Net;
using Memfun.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Memfun.Tools.Mcp;

/// <summary>Decides whether an HTTP request's <c>Host</c> and <c>Origin</c> name this MCP server (DNS-rebinding defence).</summary>
/// <remarks>
/// The server's own names are <c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c> and a specific bound address, each
/// with the port the request arrived on; a <c>Host</c> without a port means port 80. A missing <c>Origin</c> (a
/// non-browser client) is allowed; <c>Origin: null</c> is not. Thread-safe.
/// </remarks>
internal sealed class McpRequestGuard
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];
    private readonly string[] _ownNames;
    private readonly (string Name, int? Port)[] _allowedHosts;
    private readonly HashSet<string> _allowedOrigins;

    private McpRequestGuard(string[] ownNames, (string Name, int? Port)[] allowedHosts, HashSet<string> allowedOrigins)
    {
        _ownNames = ownNames;
        _allowedHosts = allowedHosts;
        _allowedOrigins = allowedOrigins;
    }

    /// <summary>Gets the configured extra origins as browsers send them (<c>scheme://host[:port]</c>, lower case, no default port).</summary>
    public IReadOnlyCollection<string> AllowedOrigins => _allowedOrigins;

    /// <summary>Builds the guard for <paramref name="options"/>.</summary>
    /// <exception cref="ConfigException">An allowed origin or host is malformed.</exception>
    public static McpRequestGuard Create(McpHttpOptions options)
    {
        var own = new List<string>(LoopbackNames);
        if (!options.Address.Equals(IPAddress.Any) && !options.Address.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(options.Address))
        {
            own.Add(new HostString(options.Address.ToString()).Host.ToLowerInvariant());
        }

        var hosts = options.AllowedHosts.Select(ParseAllowedHost).ToArray();
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in options.AllowedOrigins)
        {
            origins.Add(ParseOrigin(origin)?.GetLeftPart(UriPartial.Authority) ?? throw new ConfigException(
                MemfunErrorCodes.ConfigBadValue,
                $"--allowed-origin '{origin}' is not an origin: write scheme://host[:port], for example http://localhost:6274."));
        }

        return new McpRequestGuard([.. own], hosts, origins);
    }

    /// <summary>Says why <paramref name="request"/> is refused, or returns <see langword="null"/> when its Host and Origin are acceptable.</summary>
    /// <param name="request">The request.</param>
    /// <param name="localPort">The port the request arrived on.</param>
    public string? WhyRefused(HttpRequest request, int localPort)
    {
        var host = request.Host;
        if (!host.HasValue)
        {
            return "the request has no Host header";
        }

        var name = host.Host.ToLowerInvariant();
        var port = host.Port ?? 80;
        var hostAllowed = (port == localPort && _ownNames.Contains(name))
            || _allowedHosts.Any(a => a.Name == name && (a.Port is null || a.Port == port));
        if (!hostAllowed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the Host header '{host.Value}' does not name this server (localhost, 127.0.0.1 or [::1] with port {localPort}); add --allowed-host to accept it");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        var parsed = ParseOrigin(origin);
        var originAllowed = parsed is not null
            && (_allowedOrigins.Contains(parsed.GetLeftPart(UriPartial.Authority))
                || (parsed.Scheme == Uri.UriSchemeHttp && parsed.Port == localPort && _ownNames.Contains(parsed.Host)));
        return originAllowed ? null : $"the Origin '{origin}' is not this server's; add --allowed-origin to accept it";
    }

    private static (string Name, int? Port) ParseAllowedHost(string value)
    {
        var host = new HostString(value.Trim());
        var name = host.HasValue ? host.Host : string.Empty;
        var portGiven = host.HasValue && host.Value.Length > name.Length;
        if (Uri.CheckHostName(name.Trim('[', ']')) == UriHostNameType.Unknown || (portGiven && host.Port is null or < 1 or > 65535))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"--allowed-host '{value}' is not a host name: write name or name:port, for example mcp.example.com or [::1]:8765.");
        }

        return (name.ToLowerInvariant(), host.Port);
    }

    private static Uri? ParseOrigin(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return null;
        }

        return uri;
    }
}
