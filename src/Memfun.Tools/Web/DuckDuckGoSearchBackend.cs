using System.Web;
using AngleSharp.Html.Parser;

namespace Memfun.Tools.Web;

/// <summary>DuckDuckGo's key-less HTML endpoint, parsed with AngleSharp.</summary>
/// <param name="fetcher">The SSRF-guarded fetcher.</param>
/// <param name="endpoint">The endpoint (default <c>https://html.duckduckgo.com/html/</c>).</param>
public sealed class DuckDuckGoSearchBackend(WebFetcher fetcher, Uri? endpoint = null) : IWebSearchBackend
{
    private readonly Uri _endpoint = endpoint ?? new Uri("https://html.duckduckgo.com/html/");

    /// <inheritdoc />
    public string Name => "duckduckgo";

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int maxResults, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        var url = new Uri(_endpoint, "?q=" + Uri.EscapeDataString(query));
        var response = await fetcher.GetAsync(url.ToString(), cancellationToken).ConfigureAwait(false);
        WebSearchBackends.EnsureOk(response, Name);
        using var document = await new HtmlParser().ParseDocumentAsync(response.Body, cancellationToken).ConfigureAwait(false);
        return [.. document.QuerySelectorAll(".result")
            .Select(r => (Link: r.QuerySelector("a.result__a"), Snippet: r.QuerySelector(".result__snippet")))
            .Where(r => r.Link?.GetAttribute("href") is not null)
            .Select(r => new WebSearchResult(r.Link!.TextContent.Trim(), Unwrap(r.Link.GetAttribute("href")!), r.Snippet?.TextContent.Trim() ?? string.Empty))
            .Take(maxResults)];
    }

    private static string Unwrap(string href)
    {
        // Result links go through DuckDuckGo's redirector: //duckduckgo.com/l/?uddg=<encoded target>.
        var absolute = href.StartsWith("//", StringComparison.Ordinal) ? "https:" + href : href;
        if (Uri.TryCreate(absolute, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith("/l/", StringComparison.Ordinal))
        {
            return HttpUtility.ParseQueryString(uri.Query)["uddg"] ?? absolute;
        }

        return absolute;
    }
}
