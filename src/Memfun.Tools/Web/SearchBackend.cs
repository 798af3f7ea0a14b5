namespace Memfun.Tools.Web;

/// <summary>The web search service used by the web search tool.</summary>
public enum SearchBackend
{
    /// <summary>DuckDuckGo's HTML endpoint (no key).</summary>
    DuckDuckGo,

    /// <summary>Brave Search API (needs a key).</summary>
    Brave,

    /// <summary>Tavily API (needs a key).</summary>
    Tavily,

    /// <summary>A SearXNG instance at <c>searxng_url</c>.</summary>
    SearXng,
}
