
namespace Memfun.Tools.Web;

/// <summary>A SearXNG instance's JSON API (<c>/search?format=json</c>).</summary>
/// <param name="fetcher">The SSRF-guarded fetcher (a local instance must be in <c>web.allowed_hosts</c>).</param>
/// <param name="baseUrl">The instance's base URL.</param>
public sealed class SearXngSearchBackend(WebFetcher fetcher, Uri baseUrl) : IWebSearchBackend
{
    /// <inheritdoc />
    public string Name => "searxng";

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var url = new Uri(baseUrl, "search?format=json&q=" + Uri.EscapeDataString(query));
        var response = await fetcher.GetAsync(url.ToString(), cancellationToken).ConfigureAwait(false);
        return WebSearchBackends.ResultsArray(response, Name, maxResults);
    }
}
