using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Memfun.Tools.Tests;

/// <summary>A real HTTP server on a free loopback port: pages, redirects and fake search APIs.</summary>
internal sealed class LocalWebServer : IAsyncDisposable
{
    public const string Page = """
        <html><head><title>Demo page</title><script>alert('x')</script><style>body{}</style></head>
        <body><nav><a href="/home">Home</a> | <a href="/about">About</a></nav>
        <main>
        <h1>Getting started</h1>
        <p>Install the <a href="/docs/install">package</a> and run <code>memfun init</code>.</p>
        <ul><li>First</li><li>Second<ul><li>Nested</li></ul></li></ul>
        <ol><li>One</li><li>Two</li></ol>
        <pre><code class="language-csharp">var x = 1;
        Console.WriteLine(x);</code></pre>
        <table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>
        <div hidden>secret hidden text</div>
        </main>
        <footer>Copyright footer</footer></body></html>
        """;

    private readonly WebApplication _app;

    private LocalWebServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public string? LastAuthorization { get; private set; }

    public static async Task<LocalWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalWebServer? server = null;
        app.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.MapGet("/text", () => Results.Text("plain text body"));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/big", () => Results.Text(new string('x', 200_000)));
        app.MapGet("/binary", () => Results.Bytes(new byte[] { 1, 2, 3 }, "application/octet-stream"));
        app.MapGet("/ddg", () => Results.Content(
            """<div class="result"><a class="result__a" href="//duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2Fa&amp;rut=x">Example A</a><a class="result__snippet">Snippet A</a></div>""",
            "text/html"));
        app.MapGet("/brave", (HttpRequest r) =>
        {
            server!.LastAuthorization = r.Headers["X-Subscription-Token"];
            return Results.Json(new { web = new { results = new[] { new { title = "Brave hit", url = "https://brave.example/", description = "from brave" } } } });
        });
        app.MapPost("/tavily", (HttpRequest r) =>
        {
            server!.LastAuthorization = r.Headers.Authorization;
            return Results.Json(new { results = new[] { new { title = "Tavily hit", url = "https://tavily.example/", content = "from tavily" } } });
        });
        app.MapGet("/searx/search", (string q) => Results.Json(new { results = new[] { new { title = "Searx " + q, url = "https://searx.example/", content = "from searxng" } } }));
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        server = new LocalWebServer(app, new Uri($"http://localhost:{port}/"));
        return server;
    }

    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
