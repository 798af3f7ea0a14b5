namespace Memfun.Tools.Web;

/// <summary>The <c>[web]</c> section: web fetch and search.</summary>
public sealed record WebSettings
{
    /// <summary>Gets the search backend.</summary>
    public SearchBackend SearchBackend { get; init; } = SearchBackend.DuckDuckGo;

    /// <summary>Gets the environment variable holding the search API key (Brave, Tavily).</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Gets the SearXNG base URL.</summary>
    public string? SearxngUrl { get; init; }

    /// <summary>Gets hosts that bypass the SSRF address checks (for local development only).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Gets hosts that are always refused.</summary>
    public IReadOnlyList<string> BlockedHosts { get; init; } = [];

    /// <summary>Gets the largest response body fetched, in bytes.</summary>
    public int MaxBytes { get; init; } = 5 * 1024 * 1024;

    /// <summary>Gets the timeout of one fetch, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 30;
}
