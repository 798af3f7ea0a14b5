using Memfun.Tools.Web;

namespace Memfun.Tools.Tests;

public sealed class WebToolsTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public void HtmlToMarkdown_KeepsStructure_AndDropsScriptsAndNavigation()
    {
        var markdown = HtmlToMarkdown.Convert(LocalWebServer.Page, new Uri("https://example.com/guide/"));

        Assert.Contains("# Getting started", markdown, StringComparison.Ordinal);
        Assert.Contains("[package](https://example.com/docs/install)", markdown, StringComparison.Ordinal);
        Assert.Contains("`memfun init`", markdown, StringComparison.Ordinal);
        Assert.Contains("- First\n- Second\n  - Nested\n", markdown, StringComparison.Ordinal);
        Assert.Contains("1. One\n2. Two\n", markdown, StringComparison.Ordinal);
        Assert.Contains("```csharp\nvar x = 1;", markdown, StringComparison.Ordinal);
        Assert.Contains("| Name | Value |\n| --- | --- |\n| a | 1 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("footer", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("secret hidden", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ReturnsMarkdown_ForAnAllowListedLocalServer()
    {
        await using var server = await LocalWebServer.StartAsync();
        using var tools = new WebTools(Context(new WebSettings { AllowedHosts = ["localhost"] }));

        var text = await tools.FetchAsync(server.Url("/page"), cancellationToken: _ct);

        Assert.Contains("# Getting started", text, StringComparison.Ordinal);
        Assert.Contains("(HTTP 200)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NonTextContent_IsAToolError()
    {
        await using var server = await LocalWebServer.StartAsync();
        using var tools = new WebTools(Context(new WebSettings { AllowedHosts = ["localhost"] }));

        var error = await Assert.ThrowsAsync<ToolException>(() => tools.FetchAsync(server.Url("/binary"), cancellationToken: _ct));

        Assert.Contains("not text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ParsesEveryBackend()
    {
        await using var server = await LocalWebServer.StartAsync();
        using var fetcher = new WebFetcher(new WebSettings { AllowedHosts = ["localhost"] });

        var ddg = await new DuckDuckGoSearchBackend(fetcher, new Uri(server.Url("/ddg"))).SearchAsync("q", 5, _ct);
        var brave = await new BraveSearchBackend(fetcher, "brave-key", new Uri(server.Url("/brave"))).SearchAsync("q", 5, _ct);
        var braveKey = server.LastAuthorization;
        var tavily = await new TavilySearchBackend(fetcher, "tavily-key", new Uri(server.Url("/tavily"))).SearchAsync("q", 5, _ct);
        var tavilyKey = server.LastAuthorization;
        var searx = await new SearXngSearchBackend(fetcher, new Uri(server.Url("/searx/"))).SearchAsync("cats", 5, _ct);

        Assert.Equal(new WebSearchResult("Example A", "https://example.com/a", "Snippet A"), Assert.Single(ddg));
        Assert.Equal("Brave hit", Assert.Single(brave).Title);
        Assert.Equal("brave-key", braveKey);
        Assert.Equal("Tavily hit", Assert.Single(tavily).Title);
        Assert.Equal("Bearer tavily-key", tavilyKey);
        Assert.Equal("Searx cats", Assert.Single(searx).Title);
    }

    [Fact]
    public void Backends_ReadTheirKeyThroughTheNamedEnvironmentVariable()
    {
        using var fetcher = new WebFetcher(new WebSettings());
        var settings = new WebSettings { SearchBackend = SearchBackend.Brave, ApiKeyEnv = "BRAVE_KEY" };

        var missing = Assert.Throws<ToolException>(() => WebSearchBackends.Create(settings, fetcher, new Dictionary<string, string?>()));
        var backend = WebSearchBackends.Create(settings, fetcher, new Dictionary<string, string?> { ["BRAVE_KEY"] = "k" });

        Assert.Contains("BRAVE_KEY", missing.Message, StringComparison.Ordinal);
        Assert.Equal("brave", backend.Name);
    }

    private static ToolContext Context(WebSettings web) => new() { ProjectRoot = Path.GetTempPath(), Web = web };
}
