using System.Net;
using System.Net.Sockets;
using Memfun.Core.Errors;

namespace Memfun.Tools.Web;

/// <summary>The SSRF policy of web tools: which URLs may be fetched and which address a connection may use.</summary>
/// <remarks>
/// Security: only http and https; hosts in <see cref="WebSettings.BlockedHosts"/> (and their sub-domains),
/// <c>localhost</c> and metadata host names are refused; IP literals in any encoding are classified by
/// <see cref="AddressRules"/>; names are resolved and refused when any address is refused. The vetted address is
/// the one connected to (see <see cref="SafeHttpClientFactory"/>), so a second DNS answer cannot rebind the
/// connection. Hosts in <see cref="WebSettings.AllowedHosts"/> skip the address checks (local development only).
/// Thread-safe.
/// </remarks>
public sealed class SsrfGuard
{
    private static readonly string[] BlockedNames = ["localhost", "metadata.google.internal", "metadata", "instance-data"];
    private readonly HashSet<string> _allowed;
    private readonly string[] _blocked;
    private readonly IHostResolver _resolver;

    /// <summary>Creates the guard.</summary>
    /// <param name="settings">The web settings (allow- and block-lists).</param>
    /// <param name="resolver">The resolver (DNS by default).</param>
    public SsrfGuard(WebSettings settings, IHostResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _allowed = new HashSet<string>(settings.AllowedHosts.Select(Normalize), StringComparer.Ordinal);
        _blocked = [.. settings.BlockedHosts.Select(Normalize)];
        _resolver = resolver ?? DnsHostResolver.Instance;
    }

    /// <summary>Checks the parts of <paramref name="url"/> that need no DNS: scheme, host lists and IP literals.</summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="SecurityException">The URL fails the policy (<see cref="MemfunErrorCodes.SecurityBlockedUrl"/>).</exception>
    public void CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw Blocked(url.ToString(), "only http and https URLs can be fetched");
        }

        var host = Normalize(url.Host);
        if (_blocked.Any(b => host == b || host.EndsWith("." + b, StringComparison.Ordinal)))
        {
            throw Blocked(url.ToString(), $"the host '{host}' is in web.blocked_hosts");
        }

        if (_allowed.Contains(host))
        {
            return;
        }

        if (BlockedNames.Contains(host) || host.EndsWith(".localhost", StringComparison.Ordinal) || host.EndsWith(".internal", StringComparison.Ordinal))
        {
            throw Blocked(url.ToString(), $"'{host}' names a local or metadata service");
        }

        if (HostLiteral.TryParse(host, out var literal) && AddressRules.WhyBlocked(literal) is { } reason)
        {
            throw Blocked(url.ToString(), $"{host} is {reason}");
        }
    }

    /// <summary>Resolves <paramref name="host"/> and returns the address to connect to, after checking every answer.</summary>
    /// <param name="host">The host name or IP literal.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The vetted address.</returns>
    /// <exception cref="SecurityException">The host resolves to a refused address.</exception>
    public async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var name = Normalize(host);
        var allowed = _allowed.Contains(name);
        if (HostLiteral.TryParse(name, out var literal))
        {
            return allowed || AddressRules.WhyBlocked(literal) is null ? literal : throw Blocked(host, $"{host} is {AddressRules.WhyBlocked(literal)}");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolver.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"The host '{host}' could not be resolved: {e.Message}", e);
        }

        if (addresses.Length == 0)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"The host '{host}' has no addresses.");
        }

        if (!allowed)
        {
            foreach (var address in addresses)
            {
                if (AddressRules.WhyBlocked(address) is { } reason)
                {
                    throw Blocked(host, $"'{host}' resolves to {address}, {reason}");
                }
            }
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }

    private static string Normalize(string host) => host.Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private static SecurityException Blocked(string target, string reason) =>
        new(MemfunErrorCodes.SecurityBlockedUrl, $"Refused to fetch {target}: {reason}.")
        {
            Hint = "Web tools only reach public hosts; add a host to web.allowed_hosts for local development.",
        };
}
