namespace Memfun.Tools.Web;

/// <summary>A fetched response, its body cut at the configured size.</summary>
/// <param name="Url">The final URL, after redirects.</param>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The media type, when the server sent one.</param>
/// <param name="Body">The body decoded as text.</param>
/// <param name="Truncated">Whether the body was cut at the size limit.</param>
public sealed record WebResponse(Uri Url, int StatusCode, string? ContentType, string Body, bool Truncated);
