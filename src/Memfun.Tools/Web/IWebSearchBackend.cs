namespace Memfun.Tools.Web;

/// <summary>A web search service (DuckDuckGo, Brave, Tavily, SearXNG, or one another engineer adds).</summary>
public interface IWebSearchBackend
{
    /// <summary>Gets the backend's name as written in <c>web.search_backend</c>.</summary>
    string Name { get; }

    /// <summary>Searches the web.</summary>
    /// <param name="query">The query.</param>
    /// <param name="maxResults">Most results to return.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default);
}
