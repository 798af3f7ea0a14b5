using System.Text.Json;

namespace Memfun.Tools.Web;

/// <summary>The Tavily search API (bearer key, JSON POST).</summary>
/// <param name="fetcher">The SSRF-guarded fetcher.</param>
/// <param name="apiKey">The API key.</param>
/// <param name="endpoint">The endpoint (default <c>https://api.tavily.com/search</c>).</param>
public sealed class TavilySearchBackend(WebFetcher fetcher, string apiKey, Uri? endpoint = null) : IWebSearchBackend
{
    private readonly Uri _endpoint = endpoint ?? new Uri("https://api.tavily.com/search");

    /// <inheritdoc />
    public string Name => "tavily";

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        var request = new FetchRequest(_endpoint)
        {
            Method = HttpMethod.Post,
            Body = JsonSerializer.Serialize(new { query, max_results = maxResults }),
            CredentialHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
            Secrets = [apiKey],
        };
        var response = await fetcher.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return WebSearchBackends.ResultsArray(response, Name, maxResults);
    }
}
