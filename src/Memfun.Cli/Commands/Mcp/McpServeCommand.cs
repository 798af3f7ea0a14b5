using System.ComponentModel;
using System.Net;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting;
using Memfun.Tools.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Mcp;

/// <summary><c>memfun mcp serve</c>: the MCP gateway (tools, resources, prompts, completion) over stdio (default) or Streamable HTTP.</summary>
/// <remarks>In stdio mode standard output carries only the protocol; messages and logs go to standard error and the log file.</remarks>
public sealed class McpServeCommand(CliEnvironment environment) : MemfunCommand<McpServeCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = LoadConfig();
        var tools = config.ToToolContext(settings.AllowWrites, Environment.Variables);

        // One host serves every call: MCP calls share its sandbox pool, MCP bridge and provider connections.
        await using var host = MemfunHost.Create(config, new MemfunHostEnvironment(Environment.Variables), LoggerFactory);
        var gateway = new McpGateway(tools, host.Services.GetServices<IToolProvider>(), LoggerFactory, host.Services.GetServices<IResourceProvider>(), host.Services.GetServices<IPromptProvider>());
        if (!settings.Http)
        {
            await gateway.RunStdioAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (!IPAddress.TryParse(settings.Host, out var address))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"--host '{settings.Host}' is not an IP address.");
        }

        string? token = null;
        if (settings.TokenEnv is { } tokenEnv)
        {
            token = Environment.Variables.TryGetValue(tokenEnv, out var value) && !string.IsNullOrEmpty(value)
                ? value
                : throw new ConfigException(MemfunErrorCodes.ConfigInvalid, $"--token-env names {tokenEnv}, which is not set.");
        }

        var options = new McpHttpOptions
        {
            Address = address,
            Port = settings.Port,
            BearerToken = token,
            AllowedOrigins = settings.AllowedOrigins,
            AllowedHosts = settings.AllowedHosts,
        };
        await using var server = await gateway.StartHttpAsync(options, cancellationToken).ConfigureAwait(false);
        if ((address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) && settings.AllowedHosts.Length == 0)
        {
            Environment.Error.MarkupLine("[yellow]Only requests whose Host header is localhost, 127.0.0.1 or [[::1]] are answered: add --allowed-host NAME for each name or address clients use to reach this machine.[/]");
        }

        Environment.Error.MarkupLine($"MCP gateway on [green]{Markup.Escape(server.Endpoint.ToString())}[/] with {gateway.Tools.Count} tools{(settings.AllowWrites ? string.Empty : " (read-only)")}. Ctrl+C stops it.");
        try
        {
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C is the normal way to stop the server.
        }

        return ExitCodes.Success;
    }

    /// <summary>Options of <c>memfun mcp serve</c>.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets a value indicating whether to serve Streamable HTTP instead of stdio.</summary>
        [CommandOption("--http")]
        [Description("Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio.")]
        public bool Http { get; set; }

        /// <summary>Gets or sets the address to bind in HTTP mode.</summary>
        [CommandOption("--host <ADDRESS>")]
        [Description("Address to bind with --http (default 127.0.0.1; anything else needs --token-env).")]
        [DefaultValue("127.0.0.1")]
        public string Host { get; set; } = "127.0.0.1";

        /// <summary>Gets or sets the port in HTTP mode.</summary>
        [CommandOption("--port <PORT>")]
        [Description("Port with --http (default 8765; 0 picks a free port).")]
        [DefaultValue(8765)]
        public int Port { get; set; } = 8765;

        /// <summary>Gets or sets the environment variable holding the bearer token clients must send.</summary>
        [CommandOption("--token-env <NAME>")]
        [Description("Environment variable holding the bearer token HTTP clients must send.")]
        public string? TokenEnv { get; set; }

        /// <summary>Gets or sets further origins whose pages may call the HTTP server.</summary>
        [CommandOption("--allowed-origin <URL>")]
        [Description("With --http, also accept requests from pages on this origin, e.g. http://localhost:6274 (repeatable). Otherwise an Origin other than the server's own gets HTTP 403.")]
        public string[] AllowedOrigins { get; set; } = [];

        /// <summary>Gets or sets further names the Host header may carry.</summary>
        [CommandOption("--allowed-host <NAME>")]
        [Description("With --http, also accept requests whose Host header is NAME or NAME:PORT, e.g. behind a proxy (repeatable). Otherwise only localhost, 127.0.0.1 and [[::1]] with the server's port.")]
        public string[] AllowedHosts { get; set; } = [];

        /// <summary>Gets or sets a value indicating whether tools may change files and commit.</summary>
        [CommandOption("--allow-writes")]
        [Description("Let clients call write_file, edit_file and git_commit (otherwise they are refused with MF9003).")]
        public bool AllowWrites { get; set; }
    }
}
