using Memfun.Core.Files;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Agent.Verification;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Core.Threading;
using Memfun.Hosting.Configuration;
using Memfun.Llm;
using Memfun.Optimizer.Evaluation;
using Memfun.Optimizer.Programs;
using Memfun.Runtime.DependencyInjection;
using Memfun.Sandbox;
using Memfun.Skills.Discovery;
using Memfun.Skills.Execution;
using Memfun.Tools.Mcp;
using Microsoft.Extensions.Logging;

namespace Memfun.Hosting.Agents;

/// <summary>
/// Runs coding-agent tasks for a host: one sandbox pool, one set of model clients, one connection to the configured
/// MCP servers and one runtime serve every run of the process; each run gets its own RLM engine and trace.
/// </summary>
/// <remarks>
/// The sandbox and the MCP servers are opened on the first run, so commands that never run the agent start nothing.
/// Thread-safe: the MCP gateway runs several calls at once on one runner.
/// </remarks>
public sealed partial class AgentRunner : IAsyncDisposable
{
    private readonly MemfunHostEnvironment _environment;
    private readonly MemfunRuntimeProvider _runtime;
    private readonly ILogger _logger;
    private readonly AsyncLazy<KernelSandbox> _sandbox;
    private readonly AsyncLazy<McpToolBridge> _bridge;
    private readonly CancellationTokenSource _disposing = new();
    private IReadOnlyList<string> _bridgeFailures = [];
    private Task? _warming;
    private bool _singleRun;

    /// <summary>Creates the runner; nothing is opened until the first run.</summary>
    public AgentRunner(MemfunConfig config, MemfunHostEnvironment environment, LlmClients clients, MemfunRuntimeProvider runtime, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Config = config;
        Clients = clients;
        _environment = environment;
        _runtime = runtime;
        _logger = loggerFactory.CreateLogger("Memfun.Agent");
        _sandbox = new(async token =>
        {
            var sandbox = await SandboxFactory.OpenAsync(config.Sandbox, token).ConfigureAwait(false);
            sandbox.KeepWarm = !_singleRun;
            return sandbox;
        });

        // External servers' tools follow the same rule as ours: only read-only ones run without approval.
        _bridge = new(async token =>
        {
            var bridge = await McpToolBridge.ConnectAsync(config.Mcp.Servers.Values, environment.Variables, allowWrites: false, config.ProjectRoot, loggerFactory, token).ConfigureAwait(false);
            _bridgeFailures = bridge.Failures;
            return bridge;
        });
    }

    /// <summary>Gets the configuration.</summary>
    public MemfunConfig Config { get; }

    /// <summary>Gets the host's model clients; runs share their ledger and budget unless given their own.</summary>
    public LlmClients Clients { get; }

    /// <summary>Returns the configured MCP servers that could not be reached (empty until the first run opens them).</summary>
    public IReadOnlyList<string> BridgeFailures => _bridgeFailures;

    /// <summary>
    /// Starts, in the background, what the first run will wait for: the sandbox (interpreter discovery, isolation probe)
    /// with a first kernel, the runtime its trace summary goes to, and the model SDK's first-use code
    /// (<see cref="LlmClients.WarmUpAsync"/>, which sends nothing to the endpoint). For a process that is about to run the agent
    /// (an agent command), so that this overlaps configuration, skills discovery and the tools; failures are left for
    /// the run, which opens again and reports them.
    /// </summary>
    /// <param name="singleRun">The process runs one task (an agent command): the sandbox keeps no further kernel warm
    /// once the run has taken the first, so nothing else competes with the run or waits to be stopped at exit.</param>
    public void StartWarming(bool singleRun = false)
    {
        _singleRun = singleRun;
        // On the thread pool, not the caller's thread: opening the runtime (SQLite) and the sandbox do about a tenth of a
        // second of first-use work before their first wait, which would hold up the caller's own set-up (skills, tools).
        _warming ??= Task.WhenAll(Task.Run(() => WarmSandboxAsync(_disposing.Token)), Task.Run(() => WarmRuntimeAsync(_disposing.Token)), Task.Run(() => WarmModelClientsAsync(_disposing.Token)));
    }

    /// <summary>
    /// Returns what the coding commands add to every task: the available-skills catalogue with <c>load_skill</c> (skill
    /// problems never fail a run; <c>memfun skill validate</c> reports them), the shared tools and the bridged MCP tools.
    /// </summary>
    public async Task<CodingAgentExtensions> DefaultExtensionsAsync(CancellationToken cancellationToken = default)
    {
        var skills = SkillPromptExtension.Create(SkillDiscovery.Discover(DefinitionRoots.Skills(Config.ProjectRoot, _environment.Variables)));
        IEnumerable<MemfunTool> bridged = [];
        if (Config.Mcp.Servers.Count > 0)
        {
            bridged = (await _bridge.GetAsync(cancellationToken).ConfigureAwait(false)).Tools;
        }

        var builtIn = new BuiltInToolProvider().GetTools(Config.ToToolContext(allowWrites: false, _environment.Variables))
            .Where(tool => SharedTools.BuiltInNames.Contains(tool.Name));
        return new CodingAgentExtensions(skills?.Guidance ?? "", skills?.Tools ?? [], [.. builtIn, .. bridged]);
    }

    /// <summary>Runs one agent task with a trace; returns the task's result and the trace file.</summary>
    /// <param name="task">The task, given the agent.</param>
    /// <param name="options">Extensions, an extra observer and the run's model clients.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<AgentRunResult<T>> RunAsync<T>(Func<CodingAgent, Task<T>> task, AgentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        options ??= new AgentRunOptions();
        var sandbox = await _sandbox.GetAsync(cancellationToken).ConfigureAwait(false);
        using var trace = new TraceCollector(StateFiles.ThrowIfLinked(Config.ProjectRoot, Config.TracesDirectory), new SecretRedactor(SecretRedactor.SecretEnvironmentValues(_environment.Variables)));
        IRlmObserver observer = options.Observer is { } extra ? new CompositeObserver(trace, extra) : trace;
        var sandboxOptions = Config.ToSandboxOptions();
        // The program this user's `memfun optimize` saved, if any, tunes every run's root prompt; a planted one is ignored.
        var (program, warning) = await OptimizedPrograms().LoadAsync(cancellationToken).ConfigureAwait(false);
        if (warning is not null)
        {
            LogProgramIgnored(_logger, warning);
            options.Warn?.Invoke(warning);
        }

        var engine = new RlmEngine(options.Clients ?? Clients, sandbox, sandboxOptions, RlmOptions.FromSettings(Config.Agent) with { Program = program }, observer, _logger);
        var agent = new CodingAgent(engine, Config.ProjectRoot, WithMemory(options.Extensions), new CodingAgentOptions
        {
            Mode = Config.Agent.Mode,
            Commands = sandbox as ICommandSandbox,
            Limits = sandboxOptions,
            CommandTimeout = TimeSpan.FromSeconds(Config.Sandbox.CommandTimeoutSeconds),
            Test = TestCommand.Find(Config.ProjectRoot, Config.Project.Test),
        });
        try
        {
            return new AgentRunResult<T>(await task(agent).ConfigureAwait(false), trace.FilePath);
        }
        finally
        {
            await SaveTraceSummaryAsync(trace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the project's optimized-program store, trusting the programs recorded in this user's Memfun folder (<c>$XDG_CONFIG_HOME/memfun</c>).</summary>
    public OptimizedProgramStore OptimizedPrograms() => new(Config.StateDirectory, DefinitionRoots.UserDirectory(_environment.Variables));

    // Every run reads the project memory afresh, so a /remember in chat reaches the next message.
    private CodingAgentExtensions? WithMemory(CodingAgentExtensions? extensions)
    {
        var memory = ProjectMemory.Load(Config.ProjectRoot);
        if (memory.Text.Length == 0)
        {
            return extensions;
        }

        extensions ??= new CodingAgentExtensions("", []);
        return extensions with { Guidance = extensions.Guidance.Length == 0 ? memory.Text : memory.Text + "\n\n" + extensions.Guidance };
    }

    /// <summary>Returns a runner of evaluation tasks on this host's sandbox and configuration, with traces, on <paramref name="clients"/>; the caller disposes it.</summary>
    /// <param name="clients">The model clients of the evaluation (its own budget); the host's when null.</param>
    /// <param name="cancellationToken">Cancels opening the sandbox.</param>
    public async Task<EvalRunner> EvalRunnerAsync(LlmClients? clients = null, CancellationToken cancellationToken = default)
    {
        var sandbox = await _sandbox.GetAsync(cancellationToken).ConfigureAwait(false);
        return new EvalRunner(clients ?? Clients, sandbox, Config.ToSandboxOptions(), RlmOptions.FromSettings(Config.Agent), Config.TracesDirectory,
            new SecretRedactor(SecretRedactor.SecretEnvironmentValues(_environment.Variables)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        if (_warming is { } warming)
        {
            await warming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _disposing.Dispose();
        await _bridge.DisposeAsync().ConfigureAwait(false);
        await _sandbox.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WarmSandboxAsync(CancellationToken cancellationToken)
    {
        try
        {
            (await _sandbox.GetAsync(cancellationToken).ConfigureAwait(false)).Prewarm(Config.ToSandboxOptions());
        }
        catch (Exception exception) when (exception is MemfunException or OperationCanceledException)
        {
            // The run opens the sandbox again and reports why it cannot.
        }
    }

    private async Task WarmModelClientsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Clients.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The command ended first.
        }
    }

    private async Task WarmRuntimeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _runtime.GetRuntimeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is MemfunException or OperationCanceledException)
        {
            // Saving the trace summary reports it.
        }
    }

    private async Task SaveTraceSummaryAsync(TraceCollector trace, CancellationToken cancellationToken)
    {
        try
        {
            var runtime = await _runtime.GetRuntimeAsync(cancellationToken).ConfigureAwait(false);
            await trace.SaveSummaryAsync(runtime.Context.State, cancellationToken).ConfigureAwait(false);
        }
        catch (MemfunException exception)
        {
            // The JSONL trace is the record; the state-store copy is for other processes and may be skipped.
            LogSummaryNotSaved(_logger, exception.ErrorCode, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The optimized program is not used: {Warning}")]
    private static partial void LogProgramIgnored(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The trace summary was not stored in the runtime ({ErrorCode}): {Message}")]
    private static partial void LogSummaryNotSaved(ILogger logger, string errorCode, string message);
}
