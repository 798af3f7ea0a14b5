using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Cli.Commands.Sessions;
using Memfun.Cli.Infrastructure;
using Memfun.Hosting;
using Memfun.Hosting.Agents;
using Memfun.Hosting.Configuration;
using Memfun.Llm;
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
    private readonly bool _verbose;
    private bool _bridgeFailuresShown;

    private AgentSession(MemfunHost host, CliEnvironment environment, bool verbose)
    {
        _host = host;
        _runner = host.Get<AgentRunner>();
        _environment = environment;
        _verbose = verbose;
    }

    /// <summary>Gets the configuration.</summary>
    public MemfunConfig Config => _runner.Config;

    /// <summary>Gets the model clients, shared by every run of the session.</summary>
    public LlmClients Clients => _runner.Clients;

    /// <summary>Builds the command's services; the sandbox and MCP servers open on the first run.</summary>
    public static AgentSession Open(MemfunConfig config, CliEnvironment environment, ILoggerFactory loggerFactory, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(environment);
        StateDirectory.Ensure(config.StateDirectory);
        return new AgentSession(MemfunHost.Create(config, new MemfunHostEnvironment(environment.Variables), loggerFactory), environment, verbose);
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
        var progress = new ProgressObserver(_environment.Error, Clients.Ledger, Config.Agent.MaxIterations, _verbose);
        var observers = observer is null ? (IRlmObserver)progress : new CompositeObserver(progress, observer);
        var run = await WithStatusAsync(progress, () => _runner.RunAsync(task, new AgentRunOptions { Extensions = extensions, Observer = observers }, cancellationToken)).ConfigureAwait(false);
        return (run.Result, run.TracePath);
    }

    /// <summary>Returns the project's chats, kept in the runtime's sessions.</summary>
    internal Task<ChatSessions> ChatsAsync(CancellationToken cancellationToken) => SessionsCommand<JsonSettings>.OpenChatsAsync(_host, Config, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

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
