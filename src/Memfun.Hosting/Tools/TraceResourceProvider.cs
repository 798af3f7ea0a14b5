using Memfun.Agent.Tracing;
using Memfun.Hosting.Configuration;
using Memfun.Tools;
using Memfun.Tools.Mcp;
using ModelContextProtocol.Protocol;

namespace Memfun.Hosting.Tools;

/// <summary>Publishes the recorded agent runs (<c>.memfun/traces/</c>) as MCP resources <c>memfun://traces/RUN_ID</c>.</summary>
/// <remarks>
/// A trace reads as its JSON Lines file, one event a line, as <c>memfun traces show</c> reads it; secrets were redacted
/// when it was recorded. The id may be a unique prefix or <c>last</c>, and completes to the recorded run ids.
/// </remarks>
/// <param name="config">The configuration whose state directory holds the traces.</param>
public sealed class TraceResourceProvider(MemfunConfig config) : IResourceProvider
{
    /// <summary>The URI template of traces.</summary>
    public const string Template = "memfun://traces/{id}";

    private const string MimeType = "application/x-ndjson";

    private TraceStore Store => new(config.TracesDirectory);

    /// <inheritdoc />
    public IReadOnlyList<McpResourceTemplate> GetTemplates(ToolContext context) =>
    [
        new(
            new ResourceTemplate { UriTemplate = Template, Name = "trace", Title = "Agent run trace", Description = "The recorded events of one agent run (JSON Lines); the id may be a unique prefix or 'last'.", MimeType = MimeType },
            new Dictionary<string, McpCompleter>(StringComparer.Ordinal)
            {
                ["id"] = (prefix, _) => Task.FromResult<IReadOnlyList<string>>([.. Store.List().Select(r => r.RunId).Where(id => id.StartsWith(prefix, StringComparison.Ordinal))]),
            }),
    ];

    /// <inheritdoc />
    public Task<IReadOnlyList<Resource>> ListAsync(ToolContext context, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<Resource>>(
    [
        .. Store.List().Select(r => new Resource
        {
            Uri = "memfun://traces/" + r.RunId,
            Name = r.RunId,
            Title = r.Query.Length > 80 ? r.Query[..80] + "…" : r.Query,
            Description = $"{r.Status} run of {r.Model} started {r.StartedAt:u}",
            MimeType = MimeType,
        }),
    ]);

    /// <inheritdoc />
    public async Task<ResourceContents?> TryReadAsync(ToolContext context, Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme != ProjectResourceProvider.Scheme || uri.Host != "traces")
        {
            return null;
        }

        var id = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        var path = Store.PathOf(id);
        return new TextResourceContents { Uri = uri.OriginalString, MimeType = MimeType, Text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) };
    }
}
