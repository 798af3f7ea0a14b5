namespace Memfun.Tools.Mcp;

/// <summary>The <c>[mcp]</c> section: external MCP servers whose tools the agent may use.</summary>
public sealed record McpSettings
{
    /// <summary>Gets the servers by name.</summary>
    public IReadOnlyDictionary<string, McpServerSettings> Servers { get; init; } =
        new Dictionary<string, McpServerSettings>(StringComparer.Ordinal);
}
