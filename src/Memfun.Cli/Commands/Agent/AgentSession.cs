using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Hosting;
using Memfun.Hosting.Configuration;
using Memfun.Llm;
using Memfun.Sandbox;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Tools.Mcp;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// What agent runs share within one command: the configuration, the sandbox, the model clients (one usage
/// ledger and budget) and the shared and bridged MCP tools. Each run gets its own trace file and progress display.
/// </summary>
public sealed partial class AgentSession : IAsyncDisposable
{
    private readonly CliEnvironment _environment;
    private readonly ILogger _logger;
    private readonly ISandbox _sandbox;
    private readonly bool _verbose;
    private readonly McpToolBridge? _bridge;
    private readonly IReadOnlyList<RlmTool> _sharedTools;

    private AgentSession(MemfunConfig config, CliEnvironment environment, ILogger logger, ISandbox sandbox, LlmClients clients, bool verbose, McpToolBridge? bridge)
    {
        Config = config;
        _environment = environment;
        _logger = logger;
        _sandbox = sandbox;
        Clients = clients;
        _verbose = verbose;
        _bridge = bridge;
        var builtIn = new BuiltInToolProvider().GetTools(config.ToToolContext(allowWrites: false, environment.Variables))
            .Where(tool => SharedTools.BuiltInNames.Contains(tool.Name));
        _sharedTools = SharedTools.ToRlmTools(builtIn.Concat(bridge?.Tools ?? []));
    }

    /// <summary>Gets the configuration.</summary>
    public MemfunConfig Config { get; }

    /// <summary>Gets the model clients, shared by every run of the session.</summary>
    public LlmClients Clients { get; }

    /// <summary>Opens the sandbox, the model clients and the configured MCP servers.</summary>
    public static async Task<AgentSession> OpenAsync(MemfunConfig config, CliEnvironment environment, ILoggerFactory loggerFactory, bool verbose, CancellationToken cancellationToken)
    {
        StateDirectory.Ensure(config.StateDirectory);
        var sandbox = await SandboxFactory.OpenAsync(config.Sandbox, cancellationToken).ConfigureAwait(false);
        McpToolBridge? bridge = null;
        try
        {
            var clients = LlmClients.Create(config.Llm, new LlmClientOptions { LoggerFactory = loggerFactory, Environment = environment.Variables });
            if (config.Mcp.Servers.Count > 0)
            {
                // External servers' tools follow the same rule as ours: only read-only ones run without approval.
                bridge = await McpToolBridge.ConnectAsync(config.Mcp.Servers.Values, environment.Variables, allowWrites: false, config.ProjectRoot, loggerFactory, cancellationToken).ConfigureAwait(false);
                foreach (var failure in bridge.Failures)
                {
                    environment.Error.MarkupLine($"[yellow]warning[/]: {Markup.Escape(failure)}");
                }
            }

            return new AgentSession(config, environment, loggerFactory.CreateLogger("Memfun.Agent"), sandbox, clients, verbose, bridge);
        }
        catch
        {
            if (bridge is not null)
            {
                await bridge.DisposeAsync().ConfigureAwait(false);
            }

            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Returns what the coding commands add to every task: the available-skills catalogue with <c>load_skill</c>
    /// (skill problems never fail a command; <c>memfun skill validate</c> reports them), the shared tools and the
    /// bridged MCP tools.
    /// </summary>
    public CodingAgentExtensions DefaultExtensions()
    {
        var skills = SkillPromptExtension.Create(SkillDiscovery.Discover(DefinitionRoots.Skills(Config.ProjectRoot, _environment.Variables)));
        return new CodingAgentExtensions(skills?.Guidance ?? "", [.. skills?.Tools ?? [], .. _sharedTools]);
    }

    /// <summary>Runs one agent task with progress on standard error and a trace; returns the result and the trace file.</summary>
    /// <param name="task">The task, given the agent.</param>
    /// <param name="extensions">What every task gets on top of its own (usually <see cref="DefaultExtensions"/>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<(T Result, string? TracePath)> RunAsync<T>(Func<CodingAgent, Task<T>> task, CodingAgentExtensions? extensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var trace = new TraceCollector(Path.Combine(Config.StateDirectory, "traces"), new SecretRedactor(SecretRedactor.SecretEnvironmentValues(_environment.Variables)));
        var progress = new ProgressObserver(_environment.Error, Clients.Ledger, Config.Agent.MaxIterations, _verbose);
        var engine = new RlmEngine(Clients, _sandbox, Config.ToSandboxOptions(), RlmOptions.FromSettings(Config.Agent), new CompositeObserver(trace, progress), _logger);
        var agent = new CodingAgent(engine, Config.ProjectRoot, extensions);
        try
        {
            return (await WithStatusAsync(progress, () => task(agent)).ConfigureAwait(false), trace.FilePath);
        }
        finally
        {
            await SaveTraceSummaryAsync(trace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync().ConfigureAwait(false);
        }

        Clients.Dispose();
        await _sandbox.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<T> WithStatusAsync<T>(ProgressObserver progress, Func<Task<T>> run)
    {
        if (!_environment.IsInteractive)
        {
            return await run().ConfigureAwait(false);
        }

        return await _environment.Error.Status().StartAsync("starting…", async status =>
        {
            progress.StatusChanged = text => status.Status(Markup.Escape(text));
            return await run().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task SaveTraceSummaryAsync(TraceCollector trace, CancellationToken cancellationToken)
    {
        try
        {
            await using var runtime = await RuntimeTiers.NewBuilder().UseConfig(Config).BuildAsync(cancellationToken).ConfigureAwait(false);
            await trace.SaveSummaryAsync(runtime.Context.State, cancellationToken).ConfigureAwait(false);
        }
        catch (MemfunException exception)
        {
            // The JSONL trace is the record; the state-store copy is for other processes and may be skipped.
            LogSummaryNotSaved(_logger, exception.ErrorCode, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trace summary was not stored in the runtime ({ErrorCode}): {Message}")]
    private static partial void LogSummaryNotSaved(ILogger logger, string errorCode, string message);
}
