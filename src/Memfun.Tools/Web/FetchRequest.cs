namespace Memfun.Tools.Web;

/// <summary>An HTTP request for <see cref="WebFetcher.SendAsync"/>: what to send, and which parts are credentials.</summary>
/// <param name="Url">The first URL.</param>
/// <remarks>
/// Security: <see cref="CredentialHeaders"/> (and any <c>Authorization</c> or <c>Cookie</c> among <see cref="Headers"/>)
/// go only to the origin (scheme, host and port) of <see cref="Url"/>, never to a redirect target elsewhere; every value
/// in <see cref="Secrets"/> and <see cref="CredentialHeaders"/> is redacted from the response and from errors, and a
/// redirect to another origin whose URL carries one of them is not followed.
/// </remarks>
public sealed record FetchRequest(Uri Url)
{
    /// <summary>Gets the method (GET by default).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Gets the body, or <see langword="null"/> for none.</summary>
    public string? Body { get; init; }

    /// <summary>Gets the media type of <see cref="Body"/>.</summary>
    public string BodyType { get; init; } = "application/json";

    /// <summary>Gets headers sent on every hop (for example <c>Accept</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets headers that carry credentials (an API key): sent only to the origin of <see cref="Url"/>.</summary>
    public IReadOnlyDictionary<string, string> CredentialHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets further secret values to redact, such as an API key in the query string of <see cref="Url"/>.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
