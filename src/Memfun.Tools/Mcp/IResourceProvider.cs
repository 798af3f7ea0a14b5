using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Mcp;

/// <summary>A source of MCP resources for the gateway: project files, the repository map, traces.</summary>
/// <remarks>
/// Register implementations in the service collection; <c>memfun mcp serve</c> publishes the resources of every
/// registered provider. A provider answers only for the URIs it owns (<see cref="TryReadAsync"/> returns null for others).
/// </remarks>
public interface IResourceProvider
{
    /// <summary>Returns the provider's URI templates, each with the completions of its variables.</summary>
    /// <param name="context">The session's tool context.</param>
    IReadOnlyList<McpResourceTemplate> GetTemplates(ToolContext context);

    /// <summary>Lists the provider's concrete resources.</summary>
    /// <param name="context">The session's tool context.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    Task<IReadOnlyList<Resource>> ListAsync(ToolContext context, CancellationToken cancellationToken = default);

    /// <summary>Reads <paramref name="uri"/>, or returns null when the URI is not this provider's.</summary>
    /// <param name="context">The session's tool context.</param>
    /// <param name="uri">The resource URI.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="Core.Errors.MemfunException">The URI is this provider's but cannot be read (missing, outside the project, too large).</exception>
    Task<ResourceContents?> TryReadAsync(ToolContext context, Uri uri, CancellationToken cancellationToken = default);
}
