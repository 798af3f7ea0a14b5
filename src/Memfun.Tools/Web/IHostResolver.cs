using System.Net;

namespace Memfun.Tools.Web;

/// <summary>Resolves host names to addresses (DNS in production; a fixed table in tests).</summary>
public interface IHostResolver
{
    /// <summary>Returns every address of <paramref name="host"/>.</summary>
    /// <param name="host">The host name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken = default);
}
