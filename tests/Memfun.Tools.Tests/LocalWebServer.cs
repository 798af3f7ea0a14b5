using System.Collections.Concurrent;
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

    /// <summary>Gets every request the server received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Gets or sets where <c>/hop/{status}</c> redirects (the request's query string is appended).</summary>
    public string RedirectTo { get; set; } = "/text";

    public static async Task<LocalWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LocalWebServer? server = null;
        app.Use(async (http, next) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server!.Requests.Enqueue(new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, body));
            await next(http);
        });
        app.MapMethods("/hop/{status:int}", ["GET", "POST"], (int status, HttpRequest r, HttpResponse response) =>
        {
            response.Headers.Location = server!.RedirectTo + r.QueryString;
            return Results.StatusCode(status);
        });
        app.MapMethods("/record", ["GET", "POST"], () => Results.Json(new
        {
            web = new { results = new[] { new { title = "Recorded", url = "https://recorded.example/", description = "recorded" } } },
            results = new[] { new { title = "Recorded", url = "https://recorded.example/", content = "recorded" } },
        }));
        app.MapGet("/echo", (HttpRequest r) => Results.Json(new
        {
            web = new { results = new[] { new { title = "Echo", url = "https://echo.example/?k=" + Uri.EscapeDataString(r.Headers["X-Subscription-Token"].ToString()), description = $"your key {r.Headers["X-Subscription-Token"]} is fine" } } },
        }));
        app.MapMethods("/echo-error", ["GET", "POST"], (HttpRequest r) => Results.Json(
            new { error = $"invalid API key: {r.Headers["X-Subscription-Token"]}{r.Headers.Authorization}" }, statusCode: 401));
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
