using System.Net;
using System.Text;
using Memfun.Core.Errors;

namespace Memfun.Tools.Web;

/// <summary>Sends HTTP requests under the SSRF policy, following redirects itself and limiting size and time.</summary>
/// <remarks>
/// Every hop (the first URL and each redirect target) passes <see cref="SsrfGuard.CheckUrl"/>, and every connection
/// is made to an address the guard vetted. Bodies beyond <see cref="WebSettings.MaxBytes"/> are cut, not buffered.
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
        SendAsync(ParseUrl(url), u => new HttpRequestMessage(HttpMethod.Get, u), cancellationToken);

    /// <summary>Sends the request <paramref name="create"/> builds for <paramref name="url"/> (and again for each redirect target).</summary>
    /// <param name="url">The first URL.</param>
    /// <param name="create">Builds the request for a URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public async Task<WebResponse> SendAsync(Uri url, Func<Uri, HttpRequestMessage> create, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(create);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
        try
        {
            var current = url;
            for (var hop = 0; ; hop++)
            {
                _guard.CheckUrl(current);
                using var request = create(current);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop == MaxRedirects)
                    {
                        throw new ToolException(MemfunErrorCodes.ToolFailure, $"{url} redirected more than {MaxRedirects} times.");
                    }

                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }

                var (body, truncated) = await ReadLimitedAsync(response, timeout.Token).ConfigureAwait(false);
                return new WebResponse(current, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, truncated);
            }
        }
        catch (HttpRequestException e) when (e.InnerException is SecurityException security)
        {
            throw new SecurityException(security.ErrorCode, security.Message, e) { Hint = security.Hint };
        }
        catch (HttpRequestException e) when (e.InnerException is ToolException tool)
        {
            throw new ToolException(tool.ErrorCode, tool.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"Fetching {url} failed: {e.Message}", e);
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
