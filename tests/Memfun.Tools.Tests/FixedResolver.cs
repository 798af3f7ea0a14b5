using System.Net;
using System.Net.Sockets;
using Memfun.Tools.Web;

namespace Memfun.Tools.Tests;

/// <summary>A resolver with a fixed table; unknown names fail as DNS would.</summary>
internal sealed class FixedResolver : Dictionary<string, IPAddress[]>, IHostResolver
{
    public FixedResolver()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default) =>
        TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
