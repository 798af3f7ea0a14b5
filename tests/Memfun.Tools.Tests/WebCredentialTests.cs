using Memfun.Core.Errors;
using Memfun.Tools.Web;

namespace Memfun.Tools.Tests;

/// <summary>
/// Search-backend keys and request bodies across redirects, with two real servers on loopback: "home" (the
/// configured endpoint) and "elsewhere" (another port, so another origin) that records what reaches it.
/// </summary>
public sealed class WebCredentialTests : IAsyncLifetime
{
    private const string Key = "sk-live-7f3a9c21e0";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly WebFetcher _fetcher = new(new WebSettings { AllowedHosts = ["localhost"] });
    private LocalWebServer _home = null!;
    private LocalWebServer _elsewhere = null!;

    public async ValueTask InitializeAsync()
    {
        _home = await LocalWebServer.StartAsync();
        _elsewhere = await LocalWebServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _home.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Brave_RedirectedToAnotherOrigin_TheKeyStaysHome(int status)
    {
        _home.RedirectTo = _elsewhere.Url("/record");

        var results = await new BraveSearchBackend(_fetcher, Key, new Uri(_home.Url($"/hop/{status}"))).SearchAsync("cats", 5, _ct);

        Assert.Equal("Recorded", Assert.Single(results).Title);
        Assert.Equal(Key, Assert.Single(_home.Requests).Headers["X-Subscription-Token"]);
        var arrived = Assert.Single(_elsewhere.Requests);
        Assert.False(arrived.Headers.ContainsKey("X-Subscription-Token"));
        Assert.Equal("application/json", arrived.Headers["Accept"]);
        Assert.DoesNotContain(Key, string.Join('\n', arrived.Headers.Values) + arrived.PathAndQuery + arrived.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    public async Task Tavily_PostRedirected_ArrivesAsAGet_WithoutBodyOrKey(int status)
    {
        _home.RedirectTo = _elsewhere.Url("/record");

        var results = await new TavilySearchBackend(_fetcher, Key, new Uri(_home.Url($"/hop/{status}"))).SearchAsync("private query", 5, _ct);

        Assert.Equal("Recorded", Assert.Single(results).Title);
        var sent = Assert.Single(_home.Requests);
        Assert.Equal(("POST", "Bearer " + Key), (sent.Method, sent.Headers["Authorization"]));
        Assert.Contains("private query", sent.Body, StringComparison.Ordinal);
        var arrived = Assert.Single(_elsewhere.Requests);
        Assert.Equal("GET", arrived.Method);
        Assert.Equal(string.Empty, arrived.Body);
        Assert.False(arrived.Headers.ContainsKey("Authorization"));
        Assert.False(arrived.Headers.ContainsKey("Content-Type"));
    }

    [Fact]
    public async Task Post_RedirectedWith303WithinItsOrigin_BecomesAGetWithoutBody_ButKeepsTheKey()
    {
        _home.RedirectTo = "/record";

        await new TavilySearchBackend(_fetcher, Key, new Uri(_home.Url("/hop/303"))).SearchAsync("q", 5, _ct);

        var followed = _home.Requests.Last();
        Assert.Equal(("GET", "/record", string.Empty), (followed.Method, followed.PathAndQuery, followed.Body));
        Assert.Equal("Bearer " + Key, followed.Headers["Authorization"]);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Post_RedirectedWith307Or308_KeepsMethodAndBody_OnlyWithinItsOrigin(int status)
    {
        _home.RedirectTo = "/record";
        var backend = new TavilySearchBackend(_fetcher, Key, new Uri(_home.Url($"/hop/{status}")));

        await backend.SearchAsync("same origin", 5, _ct);
        var followed = _home.Requests.Last();
        _home.RedirectTo = _elsewhere.Url("/record");
        var error = await Assert.ThrowsAsync<ToolException>(() => backend.SearchAsync("other origin", 5, _ct));

        Assert.Equal(("POST", "Bearer " + Key), (followed.Method, followed.Headers["Authorization"]));
        Assert.Contains("same origin", followed.Body, StringComparison.Ordinal);
        Assert.Contains("another origin", error.Message, StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public async Task KeyInTheQueryString_RedirectedToAnotherOriginWithIt_IsRefused_AndTheErrorHidesIt()
    {
        // The home server hands its query string on to the redirect target, key included.
        _home.RedirectTo = _elsewhere.Url("/record");
        var request = new FetchRequest(new Uri(_home.Url("/hop/302?q=cats&api_key=" + Key))) { Secrets = [Key] };

        var error = await Assert.ThrowsAsync<SecurityException>(() => _fetcher.SendAsync(request, _ct));

        Assert.Equal(MemfunErrorCodes.SecurityBlockedUrl, error.ErrorCode);
        Assert.Contains("api_key=[redacted]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public async Task BackendEchoingTheKey_InResults_ShowsItRedacted()
    {
        using var tools = new WebTools(new ToolContext { ProjectRoot = Path.GetTempPath() }, search: new BraveSearchBackend(_fetcher, Key, new Uri(_home.Url("/echo"))));

        var text = await tools.SearchAsync("q", cancellationToken: _ct);

        Assert.Equal(Key, Assert.Single(_home.Requests).Headers["X-Subscription-Token"]);
        Assert.Contains("your key [redacted] is fine", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("brave")]
    [InlineData("tavily")]
    public async Task BackendEchoingTheKey_InAnError_ShowsItRedacted(string backend)
    {
        var endpoint = new Uri(_home.Url("/echo-error"));
        IWebSearchBackend search = backend == "brave" ? new BraveSearchBackend(_fetcher, Key, endpoint) : new TavilySearchBackend(_fetcher, Key, endpoint);

        var error = await Assert.ThrowsAsync<ToolException>(() => search.SearchAsync("q", 5, _ct));

        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid API key: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }
}
