using System.Text.Json;

namespace Memfun.Tools.Web;

/// <summary>The Brave Search API (<c>X-Subscription-Token</c> header).</summary>
/// <param name="fetcher">The SSRF-guarded fetcher.</param>
/// <param name="apiKey">The API key.</param>
/// <param name="endpoint">The endpoint (default <c>https://api.search.brave.com/res/v1/web/search</c>).</param>
public sealed class BraveSearchBackend(WebFetcher fetcher, string apiKey, Uri? endpoint = null) : IWebSearchBackend
{
    private readonly Uri _endpoint = endpoint ?? new Uri("https://api.search.brave.com/res/v1/web/search");

    /// <inheritdoc />
    public string Name => "brave";

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        var url = new Uri($"{_endpoint}?q={Uri.EscapeDataString(query)}&count={maxResults}");
        var request = new FetchRequest(url)
        {
            Headers = new Dictionary<string, string> { ["Accept"] = "application/json" },
            CredentialHeaders = new Dictionary<string, string> { ["X-Subscription-Token"] = apiKey },
        };
        var response = await fetcher.SendAsync(request, cancellationToken).ConfigureAwait(false);
        WebSearchBackends.EnsureOk(response, Name);
        using var json = JsonDocument.Parse(response.Body);
        if (!json.RootElement.TryGetProperty("web", out var web) || !web.TryGetProperty("results", out var results))
        {
            return [];
        }

        return [.. results.EnumerateArray().Select(r => new WebSearchResult(
            WebSearchBackends.String(r, "title"), WebSearchBackends.String(r, "url"), WebSearchBackends.String(r, "description"))).Take(maxResults)];
    }
}
