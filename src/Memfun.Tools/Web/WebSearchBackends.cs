using System.Text.Json;
using Memfun.Core.Errors;

namespace Memfun.Tools.Web;

/// <summary>Creates the configured search backend and holds what the backends share.</summary>
public static class WebSearchBackends
{
    /// <summary>Creates the backend <paramref name="settings"/> selects, reading its key from the named environment variable.</summary>
    /// <param name="settings">The web settings.</param>
    /// <param name="fetcher">The SSRF-guarded fetcher.</param>
    /// <param name="environment">The environment variables.</param>
    /// <exception cref="ToolException">The backend needs a key or URL that is not configured.</exception>
    public static IWebSearchBackend Create(WebSettings settings, WebFetcher fetcher, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        return settings.SearchBackend switch
        {
            SearchBackend.Brave => new BraveSearchBackend(fetcher, Key(settings, environment)),
            SearchBackend.Tavily => new TavilySearchBackend(fetcher, Key(settings, environment)),
            SearchBackend.SearXng => new SearXngSearchBackend(fetcher, settings.SearxngUrl is { } url
                ? new Uri(url.EndsWith('/') ? url : url + "/")
                : throw new ToolException(MemfunErrorCodes.ToolFailure, "web.search_backend is searxng but web.searxng_url is not set.")),
            _ => new DuckDuckGoSearchBackend(fetcher),
        };
    }

    internal static void EnsureOk(WebResponse response, string backend)
    {
        // The body says why (a bad key, a quota); the fetcher has already redacted the key from it.
        const int MaxExcerpt = 300;
        if (response.StatusCode is < 200 or >= 300)
        {
            var excerpt = response.Body.Trim();
            excerpt = excerpt.Length > MaxExcerpt ? excerpt[..MaxExcerpt] + "..." : excerpt;
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"The {backend} search service answered HTTP {response.StatusCode}{(excerpt.Length > 0 ? ": " + excerpt : ".")}");
        }
    }

    internal static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static string Key(WebSettings settings, IReadOnlyDictionary<string, string?> environment)
    {
        var name = settings.ApiKeyEnv;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"web.search_backend {settings.SearchBackend} needs an API key: set web.api_key_env to the environment variable that holds it.");
        }

        return environment.TryGetValue(name, out var key) && !string.IsNullOrWhiteSpace(key)
            ? key
            : throw new ToolException(MemfunErrorCodes.ToolFailure, $"The environment variable {name} (web.api_key_env) is not set.");
    }

    /// <summary>Reads the <c>results</c> array of <c>{title, url, content}</c> objects that SearXNG and Tavily both answer with.</summary>
    internal static IReadOnlyList<WebSearchResult> ResultsArray(WebResponse response, string backend, int maxResults)
    {
        EnsureOk(response, backend);
        using var json = JsonDocument.Parse(response.Body);
        if (!json.RootElement.TryGetProperty("results", out var results))
        {
            return [];
        }

        return [.. results.EnumerateArray().Select(r => new WebSearchResult(String(r, "title"), String(r, "url"), String(r, "content"))).Take(maxResults)];
    }
}
