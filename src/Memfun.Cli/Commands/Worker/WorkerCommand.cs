using Memfun.Runtime.DependencyInjection;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting;
using Memfun.Hosting.Agents;
using Memfun.Hosting.Remote;
using Memfun.Skills.Agents;
using Memfun.Skills.Discovery;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Events;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Worker;

/// <summary>
/// <c>memfun worker</c>: hosts the coding agent and the repository's AGENT.md agents (or the demo agents) on the
/// shared Redis or NATS runtime until stopped (Ctrl+C or SIGTERM), each run in this worker's sandbox against its
/// checkout (<c>--repo</c>).
/// Every worker's instances of one agent compete for its task queue; a stopped worker gives its in-flight tasks
/// back and a killed one has them redelivered after the topic's ack timeout, so another worker finishes them.
/// </summary>
public sealed partial class WorkerCommand(CliEnvironment environment) : MemfunCommand<WorkerCommand.Settings>(environment)
{
    private static readonly Dictionary<string, Func<BaseAgent>> DemoAgents = new(StringComparer.Ordinal)
    {
        ["echo"] = () => new EchoAgent(),
        ["sleep"] = () => new SleepAgent(),
    };

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var repository = Path.GetFullPath(settings.Repository ?? ".", Environment.WorkingDirectory);
        if (!Directory.Exists(repository))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"--repo {settings.Repository}: there is no such folder.") { Hint = "Give the worker's clone of the repository." };
        }

        var config = LoadConfig(repository);
        if (config.Backend.Tier is not (BackendTier.Redis or BackendTier.Nats))
        {
            throw new ConfigException(
                MemfunErrorCodes.ConfigBadValue,
                $"memfun worker serves agents on a shared runtime, but [backend] tier is {config.Backend.Tier.ToString().ToLowerInvariant()}.")
            {
                Hint = "Set [backend] tier = \"redis\" or \"nats\" in memfun.toml (or MEMFUN_BACKEND_TIER), with the server's URL.",
            };
        }

        var defined = AgentCatalog.Discover(DefinitionRoots.Agents(config.ProjectRoot, Environment.Variables));
        var known = DemoAgents.Keys.Append(CodingWorkerAgent.AgentName).Concat(defined.Agents.Select(a => a.Name)).ToList();
        var names = settings.Agents is { Length: > 0 } given ? given : [CodingWorkerAgent.AgentName, .. defined.Agents.Select(a => a.Name)];
        var unknown = names.Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0 || settings.Instances < 1)
        {
            throw new ConfigException(
                MemfunErrorCodes.ConfigBadValue,
                unknown.Count > 0 ? $"Unknown agent '{unknown[0]}'." : "--instances must be at least 1.")
            {
                Hint = $"This worker can host: {string.Join(", ", known.Order(StringComparer.Ordinal))} (coding is the coding agent, echo and sleep are demo agents, the rest are the repository's AGENT.md agents).",
            };
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var logger = LoggerFactory.CreateLogger<WorkerCommand>();
        await using (var host = MemfunHost.Create(config, new MemfunHostEnvironment(Environment.Variables), LoggerFactory))
        {
            var runtime = await host.Get<MemfunRuntimeProvider>().GetRuntimeAsync(cancellationToken).ConfigureAwait(false);
            var runner = host.Get<AgentRunner>();
            var delegator = new Delegator(runtime.Context, runtime.Orchestrator);
            var executor = new RunnerAgentExecutor(runner);
            var ids = new List<string>();
            foreach (var name in names)
            {
                if (!DemoAgents.ContainsKey(name))
                {
                    // A healthy run acks before this; a killed worker's task goes to another worker once it passes.
                    await runtime.Context.EventBus.CreateTopicAsync(AgentTopics.Tasks(name), new TopicOptions { AckTimeout = CodingWorkerAgent.AckTimeout(config.Agent) }, cancellationToken).ConfigureAwait(false);
                }

                for (var i = 0; i < settings.Instances; i++)
                {
                    BaseAgent agent = name == CodingWorkerAgent.AgentName ? new CodingWorkerAgent(runner, Redactor)
                        : DemoAgents.TryGetValue(name, out var demo) ? demo()
                        : new DefinedAgent(defined.Find(name)!, executor, delegator);
                    ids.Add(await runtime.Agents.StartAsync(agent, cancellationToken).ConfigureAwait(false));
                }
            }

            var tier = runtime.Context.Tier;
            LogReady(logger, tier, ids.Count);

            // One line on standard output tells scripts (and tests) that the worker takes tasks.
            await Environment.Out.Profile.Out.Writer.WriteLineAsync($"worker ready: {tier} tier, pid {System.Environment.ProcessId}, agents {string.Join(' ', ids)}").ConfigureAwait(false);
            await Environment.Out.Profile.Out.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            var commit = await Checkout.HeadAsync(config.ProjectRoot, cancellationToken).ConfigureAwait(false);
            Environment.Error.MarkupLine($"[grey]Serving {ids.Count} agent instance(s) on the {Markup.Escape(tier)} tier for {Markup.Escape(config.ProjectRoot)} at {Markup.Escape(commit ?? "no commit")}; Ctrl+C stops and gives in-flight tasks back.[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogStopping(logger);
            }
        }

        return ExitCodes.Success;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker ready on the {Tier} tier with {Count} agent instance(s)")]
    private static partial void LogReady(ILogger logger, string tier, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopping: in-flight tasks are given back")]
    private static partial void LogStopping(ILogger logger);

    /// <summary>Which agents to host.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets the agents to host.</summary>
        [CommandOption("-a|--agent <NAME>")]
        [Description("An agent to host (repeatable): coding (the coding agent), an AGENT.md agent of the repository, or the demo agents echo and sleep. Default: coding and every AGENT.md agent.")]
        public string[]? Agents { get; set; }

        /// <summary>Gets or sets the worker's checkout of the repository.</summary>
        [CommandOption("--repo <PATH>")]
        [Description("The worker's checkout of the repository the agents work on (default: the current directory); a task for another commit is refused.")]
        public string? Repository { get; set; }

        /// <summary>Gets or sets how many instances of each agent to run.</summary>
        [CommandOption("-n|--instances <N>")]
        [Description("Instances of each agent in this worker (default 1); they compete for its tasks.")]
        [DefaultValue(1)]
        public int Instances { get; set; } = 1;
    }
}
