using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Cli.Commands.Sessions;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting;
using Memfun.Hosting.Agents;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Memfun.Hosting.Remote;
using Memfun.Llm;
using Memfun.Llm.Usage;
using Memfun.Optimizer.Evaluation;
using Memfun.Runtime;
using Memfun.Runtime.DependencyInjection;
using Memfun.Tools.Files;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// The agent runs of one command on the terminal: the command's <see cref="MemfunHost"/> (one sandbox, one set of
/// model clients with one ledger and budget, the MCP servers) plus a progress display on standard error per run.
/// </summary>
public sealed class AgentSession : IAsyncDisposable
{
    private readonly MemfunHost _host;
    private readonly AgentRunner _runner;
    private readonly CliEnvironment _environment;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private bool _bridgeFailuresShown;

    private AgentSession(MemfunHost host, CliEnvironment environment, bool verbose, bool singleRun)
    {
        _host = host;
        _runner = host.Get<AgentRunner>();
        _runner.StartWarming(singleRun);
        _environment = environment;
        Verbose = verbose;
    }

    /// <summary>Gets or sets a value indicating whether runs show each turn's code and output (<c>--verbose</c>, chat's <c>/verbose</c>).</summary>
    public bool Verbose { get; set; }

    /// <summary>Gets or sets a value indicating whether runs show the model's prose on standard error as it streams (text output; JSON carries it itself).</summary>
    public bool ShowReplies { get; set; } = true;

    /// <summary>Gets the configuration.</summary>
    public MemfunConfig Config => _runner.Config;

    /// <summary>Gets the model clients, shared by every run of the session.</summary>
    public LlmClients Clients => _runner.Clients;

    /// <summary>Builds the command's services and starts opening the sandbox, a first kernel and the runtime in the background; MCP servers open on the first run.</summary>
    /// <param name="config">The command's configuration.</param>
    /// <param name="environment">The terminal and environment variables.</param>
    /// <param name="loggerFactory">The command's logging.</param>
    /// <param name="verbose">Whether progress shows every turn's code and output.</param>
    /// <param name="singleRun">The command runs one task (no kernel is kept warm for a next one).</param>
    public static AgentSession Open(MemfunConfig config, CliEnvironment environment, ILoggerFactory loggerFactory, bool verbose, bool singleRun = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        StateDirectory.Ensure(config.ProjectRoot);
        return new AgentSession(MemfunHost.Create(config, new MemfunHostEnvironment(environment.Variables), loggerFactory), environment, verbose, singleRun);
    }

    /// <summary>Returns the skills catalogue, shared tools and bridged MCP tools; warns once about MCP servers that could not be reached.</summary>
    public async Task<CodingAgentExtensions> DefaultExtensionsAsync(CancellationToken cancellationToken)
    {
        var extensions = await _runner.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false);
        if (!_bridgeFailuresShown)
        {
            _bridgeFailuresShown = true;
            foreach (var failure in _runner.BridgeFailures)
            {
                _environment.Error.MarkupLine($"[yellow]warning[/]: {Markup.Escape(failure)}");
            }
        }

        return extensions;
    }

    /// <summary>Runs one agent task with progress on standard error and a trace; returns the result and the trace file.</summary>
    /// <param name="task">The task, given the agent.</param>
    /// <param name="extensions">What every task gets on top of its own (usually <see cref="DefaultExtensionsAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <param name="observer">Also told every event of the run (<c>--output-format stream-json</c>).</param>
    public async Task<(T Result, string? TracePath)> RunAsync<T>(Func<CodingAgent, Task<T>> task, CodingAgentExtensions? extensions, CancellationToken cancellationToken, IRlmObserver? observer = null)
    {
        var progress = new ProgressObserver(_environment.Error, Clients.Ledger, Config.Agent.MaxIterations, Verbose, ShowReplies);
        var observers = observer is null ? (IRlmObserver)progress : new CompositeObserver(progress, observer);
        var run = await WithStatusAsync(progress, () => _runner.RunAsync(task, new AgentRunOptions { Extensions = extensions, Observer = observers, Warn = WarnOnce }, cancellationToken)).ConfigureAwait(false);
        return (run.Result, run.TracePath);
    }

    /// <summary>Returns the project's chats, kept in the runtime's sessions.</summary>
    internal Task<ChatSessions> ChatsAsync(CancellationToken cancellationToken) => SessionsCommand<JsonSettings>.OpenChatsAsync(_host, Config, cancellationToken);

    /// <summary>
    /// Sends the tasks to the workers through the configured tier and waits for them: one task streams its progress
    /// here as a local run does; several (a fan-out) run in parallel, each reported as it finishes, and their answers
    /// are merged into one report. Every run's trace is stored here.
    /// </summary>
    /// <param name="tasks">The tasks; their commit and working directory are filled in from this checkout.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="observer">Also told every event of a single task's run (<c>--output-format stream-json</c>).</param>
    /// <exception cref="ConfigException">The tier is not Redis or NATS.</exception>
    public async Task<(CodingResult Result, string? TracePath)> RunRemoteAsync(IReadOnlyList<RemoteTask> tasks, CancellationToken cancellationToken, IRlmObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (Config.Backend.Tier is not (BackendTier.Redis or BackendTier.Nats))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"--remote sends the task to workers on a shared runtime, but [backend] tier is {Config.Backend.Tier.ToString().ToLowerInvariant()}.")
            {
                Hint = "Set [backend] tier = \"redis\" or \"nats\" (or MEMFUN_BACKEND_TIER) with the server the workers use, or run without --remote.",
            };
        }

        var root = Config.ProjectRoot;
        var commit = await Checkout.HeadAsync(root, cancellationToken).ConfigureAwait(false);
        if (commit is null)
        {
            _environment.Error.MarkupLine("[yellow]warning[/]: this project is not a git checkout with a commit, so the workers cannot check they have the same code.");
        }

        var directory = Path.GetRelativePath(root, _environment.WorkingDirectory).Replace('\\', '/');
        var filled = tasks.Select(t => t with { Commit = commit, WorkingDirectory = directory.StartsWith("..", StringComparison.Ordinal) ? null : directory }).ToList();
        var runtime = await _host.Get<MemfunRuntimeProvider>().GetRuntimeAsync(cancellationToken).ConfigureAwait(false);
        var submitter = new RemoteSubmitter(runtime, Config.TracesDirectory);

        // Long enough for the run and one redelivery after a worker dies mid-task.
        var timeout = TimeSpan.FromSeconds(Config.Agent.TimeoutSeconds * 2) + TimeSpan.FromMinutes(2);
        if (filled.Count == 1)
        {
            var progress = new ProgressObserver(_environment.Error, Clients.Ledger, Config.Agent.MaxIterations, Verbose, ShowReplies);
            var observers = observer is null ? (IRlmObserver)progress : new CompositeObserver(progress, observer);
            var run = await WithStatusAsync(progress, () => submitter.SubmitAsync(filled[0], observers, timeout, cancellationToken)).ConfigureAwait(false);
            _environment.Error.MarkupLine($"[grey]ran on worker {Markup.Escape(run.Result.Worker)}[/]");
            return (ToCodingResult(run.Result), run.TracePath);
        }

        var finished = 0;
        var runs = await Task.WhenAll(filled.Select(async task =>
        {
            var run = await submitter.SubmitAsync(task, null, timeout, cancellationToken).ConfigureAwait(false);
            var done = Interlocked.Increment(ref finished);
            _environment.Error.MarkupLine(Markup.Escape($"part {done}/{filled.Count} ({string.Join(", ", task.Paths)}) done on worker {run.Result.Worker}"));
            return (Task: task, Run: run);
        })).ConfigureAwait(false);
        return (Merge(runs), string.Join(", ", runs.Select(r => r.Run.TracePath).OfType<string>()));
    }

    /// <summary>Returns a runner of evaluation tasks on the session's sandbox and model clients.</summary>
    public Task<EvalRunner> EvalRunnerAsync(CancellationToken cancellationToken) => _runner.EvalRunnerAsync(cancellationToken: cancellationToken);

    /// <summary>Prints a warning on standard error, once per session (a chat's every message would repeat it).</summary>
    public void WarnOnce(string warning)
    {
        if (_warned.Add(warning))
        {
            _environment.Error.MarkupLine($"[yellow]warning[/]: {Markup.Escape(warning)}");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private CodingResult ToCodingResult(RemoteResult result) => new(
        new RlmResult(result.RunId, result.Answer, Enum.Parse<RlmTermination>(result.Termination), result.Iterations, result.SubCalls, result.Usage, TimeSpan.FromMilliseconds(result.ElapsedMs)),
        new PendingEdits(Config.ProjectRoot),
        result.Diff);

    // One report from the parts: each part's answer under its folders, and the runs' usage added up.
    private CodingResult Merge(IReadOnlyList<(RemoteTask Task, RemoteRun Run)> runs)
    {
        var report = new System.Text.StringBuilder($"# Analysis in {runs.Count} parts\n");
        foreach (var (task, run) in runs)
        {
            report.Append($"\n## {string.Join(", ", task.Paths)}\n\n_worker {run.Result.Worker}, run {run.Result.RunId}_\n\n{run.Result.Answer.Trim()}\n");
        }

        var results = runs.Select(r => r.Run.Result).ToList();
        var termination = results.Any(r => r.Termination == nameof(RlmTermination.Extracted)) ? RlmTermination.Extracted : RlmTermination.Submitted;
        var usage = results.Aggregate(UsageTotals.Zero, (total, r) => total.Add(r.Usage));
        return new CodingResult(
            new RlmResult(results[0].RunId, report.ToString(), termination, results.Sum(r => r.Iterations), results.Sum(r => r.SubCalls), usage, TimeSpan.FromMilliseconds(results.Max(r => r.ElapsedMs))),
            new PendingEdits(Config.ProjectRoot),
            "");
    }

    private async Task<TResult> WithStatusAsync<TResult>(ProgressObserver progress, Func<Task<TResult>> run)
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
}
