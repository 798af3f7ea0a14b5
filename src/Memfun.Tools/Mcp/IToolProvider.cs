namespace Memfun.Tools.Mcp;

/// <summary>A source of tools for the MCP gateway and the agent: the built-in tools, agents, skills, bridged servers.</summary>
/// <remarks>
/// Register implementations in the service collection (<c>services.AddSingleton&lt;IToolProvider, MyProvider&gt;()</c>);
/// <c>memfun mcp serve</c> publishes the tools of every registered provider. Tool names must be unique across providers.
/// </remarks>
public interface IToolProvider
{
    /// <summary>Returns the tools for a session with <paramref name="context"/>.</summary>
    /// <param name="context">The project root, approval policy and settings of the session.</param>
    IEnumerable<MemfunTool> GetTools(ToolContext context);
}
