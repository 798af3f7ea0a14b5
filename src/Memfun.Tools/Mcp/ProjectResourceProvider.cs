using Memfun.Core.Files;
using Memfun.Tools.Files;
using Memfun.Tools.RepoMap;
using ModelContextProtocol.Protocol;

namespace Memfun.Tools.Mcp;

/// <summary>
/// The project as MCP resources: every file as <c>memfun://files/PATH</c> and the ranked repository map as
/// <c>memfun://repo-map</c>.
/// </summary>
/// <remarks>
/// Files are listed as git sees them (tracked, and untracked but not ignored). Every read goes through
/// <see cref="ProjectPaths"/>, so a URI whose path (after unescaping) leads outside the project or through a link out
/// of it is refused as the file tools refuse it. Text comes back as text; a file with a NUL byte in it as a base64 blob.
/// A file larger than <see cref="ToolContext.MaxReadBytes"/> is refused.
/// </remarks>
public sealed class ProjectResourceProvider : IResourceProvider
{
    /// <summary>The URI scheme of Memfun's resources.</summary>
    public const string Scheme = "memfun";

    /// <summary>The URI template of project files.</summary>
    public const string FileTemplate = "memfun://files/{+path}";

    /// <summary>The URI of the repository map.</summary>
    public const string RepoMapUri = "memfun://repo-map";

    /// <inheritdoc />
    public IReadOnlyList<McpResourceTemplate> GetTemplates(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return
        [
            new(
                new ResourceTemplate { UriTemplate = FileTemplate, Name = "project-file", Title = "Project file", Description = "A file of the project by its path relative to the project root." },
                new Dictionary<string, McpCompleter>(StringComparer.Ordinal) { ["path"] = (prefix, token) => CompleteFileAsync(context, prefix, token) }),
        ];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Resource>> ListAsync(ToolContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = await ProjectFiles.ListAsync(context.ProjectRoot, cancellationToken).ConfigureAwait(false);
        return
        [
            new Resource { Uri = RepoMapUri, Name = "repo-map", Title = "Repository map", Description = "The project's most relevant files and symbols, ranked by a reference graph (PageRank).", MimeType = "text/plain" },
            .. files.Select(f => new Resource { Uri = FileUri(f), Name = f, MimeType = MimeType(f) }),
        ];
    }

    /// <inheritdoc />
    public async Task<ResourceContents?> TryReadAsync(ToolContext context, Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme != Scheme)
        {
            return null;
        }

        if (uri.Host == "repo-map" && uri.AbsolutePath is "" or "/")
        {
            using var map = new RepoMapTools(context);
            return new TextResourceContents { Uri = RepoMapUri, MimeType = "text/plain", Text = await map.RepoMapAsync(cancellationToken: cancellationToken).ConfigureAwait(false) };
        }

        if (uri.Host != "files")
        {
            return null;
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var full = new ProjectPaths(context.ProjectRoot).Resolve(path);
        if (!File.Exists(full))
        {
            throw ToolErrors.NotFound(path);
        }

        var length = new FileInfo(full).Length;
        if (length > context.MaxReadBytes)
        {
            throw ToolErrors.BadArgument($"'{path}' has {length} bytes, more than the {context.MaxReadBytes} a resource read returns; read a range with the read_file tool.");
        }

        var bytes = await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
        return bytes.AsSpan().Contains((byte)0)
            ? BlobResourceContents.FromBytes(bytes, uri.OriginalString, "application/octet-stream")
            : new TextResourceContents { Uri = uri.OriginalString, MimeType = MimeType(path) ?? "text/plain", Text = System.Text.Encoding.UTF8.GetString(bytes) };
    }

    /// <summary>Returns the resource URI of a project-relative path.</summary>
    /// <param name="path">A path relative to the project root, with '/'.</param>
    public static string FileUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return "memfun://files/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    private static async Task<IReadOnlyList<string>> CompleteFileAsync(ToolContext context, string prefix, CancellationToken cancellationToken)
    {
        var files = await ProjectFiles.ListAsync(context.ProjectRoot, cancellationToken).ConfigureAwait(false);
        return [.. files.Where(f => f.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static string? MimeType(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".MD" => "text/markdown",
        ".JSON" => "application/json",
        ".PY" => "text/x-python",
        ".CS" => "text/x-csharp",
        ".HTML" or ".HTM" => "text/html",
        ".TXT" => "text/plain",
        _ => null,
    };
}
