using System.Text.Json;

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
        WebSearchBackends.EnsureOk(response, Name);
        using var json = JsonDocument.Parse(response.Body);
        if (!json.RootElement.TryGetProperty("results", out var results))
        {
            return [];
        }

        return [.. results.EnumerateArray().Select(r => new WebSearchResult(
            WebSearchBackends.String(r, "title"), WebSearchBackends.String(r, "url"), WebSearchBackends.String(r, "content"))).Take(maxResults)];
    }
}
