using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Mcp;

/// <summary>A resource URI template and, for each of its variables with known values, how to complete it.</summary>
/// <param name="Template">The template as MCP lists it.</param>
/// <param name="Completions">Per variable name: the known values that start with a given prefix.</param>
public sealed record McpResourceTemplate(ResourceTemplate Template, IReadOnlyDictionary<string, McpCompleter> Completions);
