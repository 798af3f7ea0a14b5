using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Memfun.Core.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Memfun.Tools.Mcp;

/// <summary>
/// The MCP gateway: publishes the tools of every <see cref="IToolProvider"/>, the resources of every
/// <see cref="IResourceProvider"/> and the prompts of every <see cref="IPromptProvider"/> over stdio, a stream pair or
/// Streamable HTTP, with <c>completion/complete</c> for the arguments whose values are known.
/// </summary>
/// <remarks>
/// Tools carry their JSON schema and annotations (<c>readOnlyHint</c>, <c>destructiveHint</c>, <c>idempotentHint</c>, <c>openWorldHint</c>).
/// A failing call is an <c>isError</c> result with a Memfun error code, never a server crash.
/// Security: HTTP binds to loopback unless told otherwise, and refuses to bind elsewhere without a bearer token.
/// </remarks>
public sealed partial class McpGateway
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly McpContent _content;

    /// <summary>Creates the gateway over the tools of <paramref name="providers"/>.</summary>
    /// <param name="context">The session's tool context.</param>
    /// <param name="providers">The tool providers.</param>
    /// <param name="loggerFactory">Logging (never standard output: stdio carries the protocol).</param>
    /// <param name="resources">The resource providers; none serves no resources.</param>
    /// <param name="prompts">The prompt providers; none serves no prompts.</param>
    /// <exception cref="ToolException">Two providers publish the same tool or prompt name.</exception>
    public McpGateway(ToolContext context, IEnumerable<IToolProvider> providers, ILoggerFactory? loggerFactory = null, IEnumerable<IResourceProvider>? resources = null, IEnumerable<IPromptProvider>? prompts = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(providers);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<McpGateway>();
        var tools = new Dictionary<string, MemfunTool>(StringComparer.Ordinal);
        foreach (var tool in providers.SelectMany(p => p.GetTools(context)))
        {
            if (!tools.TryAdd(tool.Name, tool))
            {
                throw new ToolException(MemfunErrorCodes.ToolFailure, $"Two tool providers publish a tool named '{tool.Name}'.");
            }
        }

        Tools = [.. tools.Values];
        _content = new McpContent(context, [.. resources ?? []], [.. prompts ?? []]);
    }

    /// <summary>Gets the published tools.</summary>
    public IReadOnlyList<MemfunTool> Tools { get; }

    /// <summary>Gets the published prompts, by name.</summary>
    public IReadOnlyList<McpPrompt> Prompts => _content.Prompts;

    /// <summary>Gets the published resource templates.</summary>
    public IReadOnlyList<McpResourceTemplate> ResourceTemplates => _content.Templates;

    /// <summary>Builds the SDK server options (server info and tool collection).</summary>
    public McpServerOptions CreateOptions()
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "memfun", Version = Version },
            ToolCollection = [],
        };
        foreach (var tool in Tools)
        {
            options.ToolCollection.Add(ToServerTool(tool));
        }

        _content.Register(options.Handlers);
        return options;
    }

    /// <summary>Serves over standard input and output until the client disconnects or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Stops the server.</param>
    public async Task RunStdioAsync(CancellationToken cancellationToken = default)
    {
        LogServing(_logger, "stdio", Tools.Count);
        await using var server = McpServer.Create(new StdioServerTransport("memfun", _loggerFactory), CreateOptions(), _loggerFactory);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Serves over a pair of streams (in-process clients and tests).</summary>
    /// <param name="input">What the client writes.</param>
    /// <param name="output">What the client reads.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        await using var server = McpServer.Create(new StreamServerTransport(input, output, "memfun", _loggerFactory), CreateOptions(), _loggerFactory);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts Streamable HTTP at <c>http://{address}:{port}/mcp</c>; dispose the result to stop.</summary>
    /// <param name="options">Address, port, bearer token and the extra hosts and origins to accept (loopback only by default).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running application; its <see cref="McpHttpServer.Endpoint"/> is the MCP URL.</returns>
    /// <remarks>
    /// Security: a request whose <c>Host</c> or <c>Origin</c> does not name this server gets HTTP 403 with a JSON-RPC
    /// error before anything else runs (see <see cref="McpHttpOptions"/>); then the bearer token, when set, is checked.
    /// </remarks>
    /// <exception cref="SecurityException">The address is not loopback and no bearer token is set.</exception>
    /// <exception cref="ConfigException">An allowed origin or host is malformed.</exception>
    public async Task<McpHttpServer> StartHttpAsync(McpHttpOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new McpHttpOptions();
        var bearerToken = options.BearerToken;
        if (!IPAddress.IsLoopback(options.Address) && string.IsNullOrEmpty(bearerToken))
        {
            throw new SecurityException(MemfunErrorCodes.SecurityDenied, $"Serving MCP on {options.Address} (not loopback) needs a bearer token.")
            {
                Hint = "Set a token with --token-env NAME, or bind to 127.0.0.1.",
            };
        }

        var guard = McpRequestGuard.Create(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddCors();
        builder.WebHost.UseKestrel(o => o.Listen(options.Address, options.Port));
        var serverOptions = CreateOptions();
        builder.Services.AddMcpServer(o =>
        {
            o.ServerInfo = serverOptions.ServerInfo;
            o.ToolCollection = serverOptions.ToolCollection;
            o.Handlers = serverOptions.Handlers;
        }).WithHttpTransport();
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            if (guard.WhyRefused(http.Request, http.Connection.LocalPort) is { } reason)
            {
                LogRefused(_logger, reason);
                await RefuseAsync(http.Response, reason).ConfigureAwait(false);
                return;
            }

            await next(http).ConfigureAwait(false);
        });
        if (guard.AllowedOrigins.Count > 0)
        {
            // Pages on an allowed origin call cross-origin, so the browser needs CORS answers (preflight included, before the token check).
            app.UseCors(p => p.WithOrigins([.. guard.AllowedOrigins])
                .AllowAnyHeader().WithMethods("GET", "POST", "DELETE").WithExposedHeaders("Mcp-Session-Id", "WWW-Authenticate"));
        }

        if (!string.IsNullOrEmpty(bearerToken))
        {
            app.Use(async (http, next) =>
            {
                if (!BearerMatches(http.Request.Headers.Authorization.ToString(), bearerToken))
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return;
                }

                await next(http).ConfigureAwait(false);
            });
        }

        app.MapMcp("/mcp");
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/mcp");
        LogServingHttp(_logger, endpoint, Tools.Count);
        return new McpHttpServer(app, endpoint);
    }

    private static string Version { get; } =
        typeof(McpGateway).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static bool BearerMatches(string header, string token)
    {
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = System.Text.Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim());
        var expected = System.Text.Encoding.UTF8.GetBytes(token);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static Task RefuseAsync(HttpResponse response, string reason)
    {
        // The MCP transport spec: an invalid Origin gets HTTP 403, optionally with a JSON-RPC error that has no id.
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["error"] = new JsonObject { ["code"] = -32000, ["message"] = $"Forbidden: {reason}." },
            ["id"] = null,
        };
        return response.WriteAsync(error.ToJsonString());
    }

    private static McpServerTool ToServerTool(MemfunTool tool) =>
        McpServerTool.Create(tool.Function, new McpServerToolCreateOptions
        {
            Name = tool.Name,
            Description = tool.Description,
            ReadOnly = tool.Effects == ToolEffects.ReadOnly,
            Destructive = tool.Effects == ToolEffects.Destructive,
            Idempotent = tool.Idempotent,
            OpenWorld = tool.OpenWorld,
        });

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "MCP gateway serving {Transport} with {ToolCount} tools")]
    private static partial void LogServing(ILogger logger, string transport, int toolCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "MCP gateway refused a request: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "MCP gateway serving Streamable HTTP at {Endpoint} with {ToolCount} tools")]
    private static partial void LogServingHttp(ILogger logger, Uri endpoint, int toolCount);
}
