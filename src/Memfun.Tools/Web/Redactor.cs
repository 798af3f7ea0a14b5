using System.Net;

namespace Memfun.Tools.Web;

/// <summary>Finds and blanks out secret values (API keys), as written and as URL-encoded.</summary>
/// <remarks>Transformed forms (base64, JSON escapes, a part of the key) are not recognized. Thread-safe.</remarks>
internal sealed class Redactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mark = "[redacted]";

    private readonly string[] _values;

    public Redactor(IEnumerable<string> secrets) =>
        _values = [.. secrets.Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s), WebUtility.UrlEncode(s) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)];

    /// <summary>Gets a value indicating whether <paramref name="text"/> contains a secret.</summary>
    public bool Occurs(string text) => _values.Any(v => text.Contains(v, StringComparison.Ordinal));

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <see cref="Mark"/>.</summary>
    public string Redact(string text) => _values.Aggregate(text, (current, value) => current.Replace(value, Mark, StringComparison.Ordinal));

    /// <summary>Returns <paramref name="url"/> with every secret replaced by <see cref="Mark"/>.</summary>
    public Uri Redact(Uri url) => Occurs(url.OriginalString) || Occurs(url.AbsoluteUri) ? new Uri(Redact(url.AbsoluteUri)) : url;

    /// <summary>Returns <paramref name="exception"/> to chain as an inner exception, or <see langword="null"/> when its text shows a secret.</summary>
    public Exception? SafeInner(Exception exception) => Occurs(exception.ToString()) ? null : exception;
}
