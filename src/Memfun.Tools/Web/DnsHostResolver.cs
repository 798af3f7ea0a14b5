using System.Net;

namespace Memfun.Tools.Web;

/// <summary>Resolves host names with the system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    /// <summary>Gets the shared instance.</summary>
    public static DnsHostResolver Instance { get; } = new();

    /// <inheritdoc />
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
