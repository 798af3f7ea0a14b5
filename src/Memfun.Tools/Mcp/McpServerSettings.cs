namespace Memfun.Tools.Mcp;

/// <summary>One external MCP server in <c>[mcp.servers.NAME]</c>: a stdio command or a URL.</summary>
public sealed record McpServerSettings
{
    /// <summary>Gets the server's name (the table name), used to namespace its tools.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the command that starts a stdio server.</summary>
    public string? Command { get; init; }

    /// <summary>Gets the command's arguments.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Gets names of host environment variables passed through to the stdio server.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>Gets the URL of a Streamable HTTP server.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the environment variable holding a bearer token for <see cref="Url"/>.</summary>
    public string? TokenEnv { get; init; }
}
