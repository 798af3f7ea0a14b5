namespace Memfun.Tools.Mcp;

/// <summary>A source of MCP prompts for the gateway (every skill is one).</summary>
/// <remarks>Register implementations in the service collection; prompt names must be unique across providers.</remarks>
public interface IPromptProvider
{
    /// <summary>Returns the prompts for a session with <paramref name="context"/>.</summary>
    /// <param name="context">The session's tool context.</param>
    IEnumerable<McpPrompt> GetPrompts(ToolContext context);
}
