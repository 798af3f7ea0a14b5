namespace Memfun.Tools.Mcp;

/// <summary>Returns the known values of an argument that start with <paramref name="prefix"/>, best first.</summary>
/// <param name="prefix">What the user has typed so far.</param>
/// <param name="cancellationToken">Cancels the look-up.</param>
public delegate Task<IReadOnlyList<string>> McpCompleter(string prefix, CancellationToken cancellationToken);
