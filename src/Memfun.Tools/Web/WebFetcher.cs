using System.Net;
using System.Text;
using Memfun.Core.Errors;

namespace Memfun.Tools.Web;

/// <summary>Sends HTTP requests under the SSRF policy, following redirects itself and limiting size and time.</summary>
/// <remarks>
/// Every hop (the first URL and each redirect target) passes <see cref="SsrfGuard.CheckUrl"/>, and every connection
/// is made to an address the guard vetted. Credentials stay with the first URL's origin (see <see cref="SendAsync"/>). Bodies beyond <see cref="WebSettings.MaxBytes"/> are cut, not buffered.
/// Thread-safe; dispose to release the connection pool.
/// </remarks>
public sealed class WebFetcher : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly HttpClient _client;
    private readonly SsrfGuard _guard;
    private readonly WebSettings _settings;

    /// <summary>Creates the fetcher.</summary>
    /// <param name="settings">Limits and host lists.</param>
    /// <param name="resolver">The host resolver (DNS by default).</param>
    public WebFetcher(WebSettings settings, IHostResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _guard = new SsrfGuard(settings, resolver);
        _client = SafeHttpClientFactory.Create(_guard, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the guard the fetcher applies.</summary>
    public SsrfGuard Guard => _guard;

    /// <summary>GETs <paramref name="url"/>.</summary>
    /// <param name="url">An http or https URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public Task<WebResponse> GetAsync(string url, CancellationToken cancellationToken = default) =>
        SendAsync(new FetchRequest(ParseUrl(url)), cancellationToken);

    /// <summary>Sends <paramref name="request"/>, following redirects as a browser does but keeping credentials at home.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response, with every secret of <paramref name="request"/> redacted from its body and URL.</returns>
    /// <remarks>
    /// Redirects: 303, and 301 or 302 after a POST, continue as a GET without body; 307 and 308 keep method and body,
    /// which is refused when the target is another origin. Credential headers go only to the first URL's origin; a
    /// redirect elsewhere whose URL carries a secret is refused. Errors never contain a secret.
    /// </remarks>
    /// <exception cref="SecurityException">A hop fails the SSRF policy, or a redirect would carry a secret to another origin.</exception>
    /// <exception cref="ToolException">The request failed, timed out or redirected too often.</exception>
    public async Task<WebResponse> SendAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secrets = new Redactor([.. request.Secrets, .. request.CredentialHeaders.Values]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
        var url = secrets.Redact(request.Url.ToString());
        try
        {
            var current = request.Url;
            var method = request.Method;
            var body = request.Body;
            for (var hop = 0; ; hop++)
            {
                _guard.CheckUrl(current);
                using var message = CreateMessage(request, current, method, body);
                using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                    {
                        throw new ToolException(MemfunErrorCodes.ToolFailure, $"{url} redirected more than {MaxRedirects} times.");
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    (method, body) = AfterRedirect((int)response.StatusCode, method, body);
                    if (!SameOrigin(next, request.Url))
                    {
                        if (body is not null)
                        {
                            throw new ToolException(MemfunErrorCodes.ToolFailure, $"{url} redirected a {method} with a body (HTTP {(int)response.StatusCode}) to another origin, {secrets.Redact(next.GetLeftPart(UriPartial.Authority))}; the body is not sent there.");
                        }

                        if (secrets.Occurs(next.OriginalString) || secrets.Occurs(next.AbsoluteUri))
                        {
                            throw new SecurityException(MemfunErrorCodes.SecurityBlockedUrl, $"{url} redirected to another origin, {secrets.Redact(next.GetLeftPart(UriPartial.Authority))}, with the API key in the URL; the redirect is not followed.");
                        }
                    }

                    current = next;
                    continue;
                }

                var (text, truncated) = await ReadLimitedAsync(response, timeout.Token).ConfigureAwait(false);
                return new WebResponse(secrets.Redact(current), (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, secrets.Redact(text), truncated);
            }
        }
        catch (SecurityException e) when (secrets.Occurs(e.Message))
        {
            throw new SecurityException(e.ErrorCode, secrets.Redact(e.Message)) { Hint = e.Hint };
        }
        catch (HttpRequestException e) when (e.InnerException is SecurityException security)
        {
            throw new SecurityException(security.ErrorCode, secrets.Redact(security.Message), secrets.SafeInner(e)) { Hint = security.Hint };
        }
        catch (HttpRequestException e) when (e.InnerException is ToolException tool)
        {
            throw new ToolException(tool.ErrorCode, secrets.Redact(tool.Message), secrets.SafeInner(e));
        }
        catch (HttpRequestException e)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"Fetching {url} failed: {secrets.Redact(e.Message)}", secrets.SafeInner(e));
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"Fetching {url} took longer than {_settings.TimeoutSeconds} s (web.timeout_s).", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>Parses a user-supplied URL, refusing anything that is not absolute.</summary>
    /// <param name="url">The text.</param>
    public static Uri ParseUrl(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"'{url}' is not an absolute URL.");
        }

        return uri;
    }

    private static bool IsRedirect(HttpStatusCode code) => (int)code is 301 or 302 or 303 or 307 or 308;

    private static (HttpMethod Method, string? Body) AfterRedirect(int status, HttpMethod method, string? body) =>
        // As browsers do (Fetch standard): 303 turns anything but HEAD into a GET, and 301/302 turn a POST into one.
        (status == 303 && method != HttpMethod.Head) || (status is 301 or 302 && method == HttpMethod.Post)
            ? (HttpMethod.Get, null)
            : (method, body);

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static HttpRequestMessage CreateMessage(FetchRequest request, Uri url, HttpMethod method, string? body)
    {
        var message = new HttpRequestMessage(method, url);
        var home = SameOrigin(url, request.Url);
        foreach (var (name, value) in request.Headers)
        {
            if (home || !IsCredentialHeader(name))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (home)
        {
            foreach (var (name, value) in request.CredentialHeaders)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, request.BodyType);
        }

        return message;
    }

    private static bool IsCredentialHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase);

    private async Task<(string Body, bool Truncated)> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _settings.MaxBytes;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(limit + 1, 1 << 20)];
        using var memory = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit + 1 - memory.Length)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            memory.Write(buffer.AsSpan(0, read));
            if (memory.Length > limit)
            {
                break;
            }
        }

        var truncated = memory.Length > limit;
        var bytes = memory.GetBuffer().AsSpan(0, (int)Math.Min(memory.Length, limit));
        var encoding = Encoding.UTF8;
        if (response.Content.Headers.ContentType?.CharSet is { } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset is read as UTF-8 rather than failing the fetch.
            }
        }

        return (encoding.GetString(bytes), truncated);
    }
}
