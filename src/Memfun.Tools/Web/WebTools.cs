using System.ComponentModel;
using System.Globalization;
using System.Text;
using Memfun.Core.Errors;

namespace Memfun.Tools.Web;

/// <summary>The web fetch and web search tools.</summary>
/// <remarks>Both go through one <see cref="WebFetcher"/>, so the SSRF policy and the limits apply to search backends too. Thread-safe.</remarks>
public sealed class WebTools : IDisposable
{
    private const int DefaultMaxChars = 40_000;
    private readonly ToolContext _context;
    private readonly Lazy<IWebSearchBackend> _search;

    /// <summary>Creates the tools.</summary>
    /// <param name="context">The tool context.</param>
    /// <param name="resolver">The host resolver (DNS by default).</param>
    /// <param name="search">The search backend (default: the configured one).</param>
    public WebTools(ToolContext context, IHostResolver? resolver = null, IWebSearchBackend? search = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Fetcher = new WebFetcher(context.Web, resolver);
        _search = new Lazy<IWebSearchBackend>(() => search ?? WebSearchBackends.Create(context.Web, Fetcher, context.Environment));
    }

    /// <summary>Gets the SSRF-guarded fetcher.</summary>
    public WebFetcher Fetcher { get; }

    /// <summary>Fetches a URL and returns HTML pages as Markdown (other text as is).</summary>
    /// <param name="url">An http or https URL.</param>
    /// <param name="maxChars">Most characters to return.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The page as Markdown, after a header line with the final URL and status.</returns>
    [Description("Fetch a public web page and return it as Markdown (headings, links, lists, code, tables). Only http/https to public hosts.")]
    public async Task<string> FetchAsync(
        [Description("The http or https URL.")] string url,
        [Description("Most characters of content to return (default 40000).")] int? maxChars = null,
        CancellationToken cancellationToken = default)
    {
        var response = await Fetcher.GetAsync(url, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode >= 400)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"{response.Url} answered HTTP {response.StatusCode}.");
        }

        var type = response.ContentType ?? string.Empty;
        string content;
        if (type.Contains("html", StringComparison.OrdinalIgnoreCase) || (type.Length == 0 && response.Body.TrimStart().StartsWith('<')))
        {
            content = HtmlToMarkdown.Convert(response.Body, response.Url);
        }
        else if (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.Contains("json", StringComparison.OrdinalIgnoreCase) || type.Contains("xml", StringComparison.OrdinalIgnoreCase))
        {
            content = response.Body;
        }
        else
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"{response.Url} returned {type}, which is not text.");
        }

        var limit = Math.Clamp(maxChars ?? DefaultMaxChars, 100, _context.Web.MaxBytes);
        var output = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<!-- {response.Url} (HTTP {response.StatusCode}) -->\n\n");
        output.Append(content.Length > limit ? content[..limit] + "\n\n[content cut; fetch with a larger maxChars]" : content);
        if (response.Truncated)
        {
            output.Append(CultureInfo.InvariantCulture, $"\n\n[the page is larger than web.max_bytes ({_context.Web.MaxBytes} bytes); the rest was not downloaded]");
        }

        return output.ToString();
    }

    /// <summary>Searches the web with the configured backend.</summary>
    /// <param name="query">The query.</param>
    /// <param name="maxResults">Most results.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>Numbered results: title, URL and snippet.</returns>
    [Description("Search the web with the configured backend (DuckDuckGo, Brave, Tavily or SearXNG); returns titles, URLs and snippets.")]
    public async Task<string> SearchAsync(
        [Description("The search query.")] string query,
        [Description("Most results (default 8).")] int maxResults = 8,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, "query must not be empty.");
        }

        var results = await _search.Value.SearchAsync(query, Math.Clamp(maxResults, 1, 50), cancellationToken).ConfigureAwait(false);
        if (results.Count == 0)
        {
            return "[no results]\n";
        }

        var output = new StringBuilder();
        for (var i = 0; i < results.Count; i++)
        {
            output.Append(CultureInfo.InvariantCulture, $"{i + 1}. {results[i].Title}\n   {results[i].Url}\n   {results[i].Snippet}\n");
        }

        return output.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => Fetcher.Dispose();
}
