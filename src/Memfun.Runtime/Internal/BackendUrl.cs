namespace Memfun.Runtime.Internal;

/// <summary>Server URLs as they may appear in messages and logs: with any password replaced.</summary>
internal static class BackendUrl
{
    /// <summary>Returns <paramref name="url"/> with the password of its user info (if any) replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return url;
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? "***" : uri.UserInfo[..colon] + ":***";
        var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{user}@{uri.Host}{port}{uri.PathAndQuery.TrimEnd('/')}";
    }
}
