namespace Memfun.Tools.Tests;

/// <summary>What <see cref="LocalWebServer"/> received: method, path and query, headers and body.</summary>
internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
