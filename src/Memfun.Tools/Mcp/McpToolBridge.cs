using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Tools.Permissions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace Memfun.Tools.Mcp;

/// <summary>Connects to the external MCP servers of <c>[mcp.servers]</c> and lets the agent list and call their tools.</summary>
/// <remarks>
/// <para>Tools are published as <c>{server}_{tool}</c>. They follow the same approval policy as built-in tools: a
/// tool whose server does not mark it read-only (<c>readOnlyHint</c>) is a write and needs writes allowed.</para>
/// <para>Calls return text results; failures (unknown tool, server error, refused approval) are error results,
/// never exceptions. Thread-safe for concurrent calls. Dispose to stop stdio servers and close connections.</para>
/// </remarks>
public sealed partial class McpToolBridge : IAsyncDisposable, IToolProvider
{
    private static readonly string[] PassedVariables = ["PATH", "HOME", "DOTNET_ROOT", "TMPDIR", "LANG"];
    private readonly List<McpClient> _clients;
    private readonly Dictionary<string, MemfunTool> _tools;

    private McpToolBridge(List<McpClient> clients, Dictionary<string, MemfunTool> tools, IReadOnlyList<string> failures)
    {
        _clients = clients;
        _tools = tools;
        Failures = failures;
    }

    /// <summary>Gets the bridged tools.</summary>
    public IReadOnlyCollection<MemfunTool> Tools => _tools.Values;

    /// <summary>Gets one line per server that could not be reached (the others still work).</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>Connects to every configured server and lists its tools.</summary>
    /// <param name="servers">The servers (from <see cref="McpSettings.Servers"/>).</param>
    /// <param name="environment">Host environment variables (for <c>env</c> pass-through and <c>token_env</c>).</param>
    /// <param name="allowWrites">Whether tools that are not read-only may run.</param>
    /// <param name="workingDirectory">Where stdio servers start (the project root).</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The bridge; servers that failed are listed in <see cref="Failures"/>.</returns>
    public static async Task<McpToolBridge> ConnectAsync(
        IEnumerable<McpServerSettings> servers,
        IReadOnlyDictionary<string, string?> environment,
        bool allowWrites,
        string? workingDirectory = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(environment);
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<McpToolBridge>();
        var clients = new List<McpClient>();
        var tools = new Dictionary<string, MemfunTool>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var server in servers)
        {
            try
            {
                var client = await McpClient.CreateAsync(CreateTransport(server, environment, workingDirectory, loggerFactory), loggerFactory: loggerFactory, cancellationToken: cancellationToken).ConfigureAwait(false);
                clients.Add(client);
                foreach (var tool in await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    var name = $"{server.Name}_{tool.Name}";
                    var effects = tool.ProtocolTool.Annotations switch
                    {
                        { ReadOnlyHint: true } => ToolEffects.ReadOnly,
                        { DestructiveHint: false } => ToolEffects.Write,
                        _ => ToolEffects.Destructive,
                    };
                    // Another server's tool is code outside this project's control: it counts as network access whatever it says of itself.
                    var bridged = MemfunTool.FromFunction(new BridgedFunction(tool), name, effects, TrustPolicy.Operator(allowWrites), openWorld: true);
                    tools[name] = tool.ProtocolTool.Annotations?.IdempotentHint == true ? bridged.AsIdempotent() : bridged;
                }

                LogConnected(logger, server.Name, tools.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogConnectFailed(logger, server.Name, e);
                failures.Add($"{server.Name}: {e.Message}");
            }
        }

        return new McpToolBridge(clients, tools, failures);
    }

    /// <inheritdoc />
    public IEnumerable<MemfunTool> GetTools(ToolContext context) => _tools.Values;

    /// <summary>Calls a bridged tool by its published name.</summary>
    /// <param name="name">The tool name (<c>{server}_{tool}</c>).</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text result, or an error result.</returns>
    public async Task<ToolCallResult> CallAsync(string name, IReadOnlyDictionary<string, object?>? arguments = null, CancellationToken cancellationToken = default)
    {
        if (!_tools.TryGetValue(name, out var tool))
        {
            return ToolCallResult.Error(MemfunErrorCodes.ToolNotFound, $"No bridged tool is named '{name}'. Known: {string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal))}.");
        }

        try
        {
            return await tool.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server went away or answered a protocol error: report it as the tool's failure.
            return ToolCallResult.Error(MemfunErrorCodes.ToolFailure, $"{name} failed: {e.Message}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IClientTransport CreateTransport(McpServerSettings server, IReadOnlyDictionary<string, string?> environment, string? workingDirectory, ILoggerFactory loggerFactory)
    {
        if (!string.IsNullOrWhiteSpace(server.Command))
        {
            var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var name in PassedVariables.Concat(server.Env))
            {
                if (environment.TryGetValue(name, out var value) && value is not null)
                {
                    variables[name] = value;
                }
            }

            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = server.Name,
                    // Resolved here: the SDK would also look in the current directory, which is the project (see ProgramPath).
                    Command = ProgramPath.Find(server.Command) ?? throw new ConfigException(MemfunErrorCodes.ConfigInvalid, $"mcp.servers.{server.Name}.command: {server.Command} was not found on PATH."),
                    Arguments = [.. server.Args],
                    EnvironmentVariables = variables,
                    InheritEnvironmentVariables = false,
                    WorkingDirectory = workingDirectory,
                },
                loggerFactory);
        }

        if (!string.IsNullOrWhiteSpace(server.Url))
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (server.TokenEnv is { } tokenEnv)
            {
                headers["Authorization"] = "Bearer " + (environment.TryGetValue(tokenEnv, out var token) && !string.IsNullOrEmpty(token)
                    ? token
                    : throw new ConfigException(MemfunErrorCodes.ConfigInvalid, $"mcp.servers.{server.Name}.token_env names {tokenEnv}, which is not set."));
            }

            return new HttpClientTransport(
                new HttpClientTransportOptions { Name = server.Name, Endpoint = new Uri(server.Url), AdditionalHeaders = headers },
                loggerFactory);
        }

        throw new ConfigException(MemfunErrorCodes.ConfigInvalid, $"mcp.servers.{server.Name} needs either command or url.");
    }

    /// <summary>Calls the remote tool and keeps its MCP result (text blocks and <c>isError</c>) instead of its JSON form.</summary>
    private sealed class BridgedFunction(McpClientTool tool) : DelegatingAIFunction(tool)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
            await tool.CallAsync(arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Connected to MCP server {Server}; {ToolCount} bridged tools in all")]
    private static partial void LogConnected(ILogger logger, string server, int toolCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not connect to MCP server {Server}")]
    private static partial void LogConnectFailed(ILogger logger, string server, Exception exception);
}
