namespace Memfun.Tools.Web;

/// <summary>One web search hit.</summary>
/// <param name="Title">The page title.</param>
/// <param name="Url">The page URL.</param>
/// <param name="Snippet">A short excerpt.</param>
public sealed record WebSearchResult(string Title, string Url, string Snippet);
