using Memfun.Runtime.DependencyInjection;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Memfun.Hosting;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Worker;

/// <summary>
/// <c>memfun worker</c>: hosts agents on the shared Redis or NATS runtime until stopped (Ctrl+C or SIGTERM).
/// Every worker's instances of one agent compete for its task queue; a stopped worker gives its in-flight tasks
/// back and a killed one has them redelivered after the topic's ack timeout, so another worker finishes them.
/// </summary>
public sealed partial class WorkerCommand(CliEnvironment environment) : MemfunCommand<WorkerCommand.Settings>(environment)
{
    private static readonly Dictionary<string, Func<BaseAgent>> BuiltInAgents = new(StringComparer.Ordinal)
    {
        ["echo"] = () => new EchoAgent(),
        ["sleep"] = () => new SleepAgent(),
    };

    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var config = await LoadConfigAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (config.Backend.Tier is not (BackendTier.Redis or BackendTier.Nats))
        {
            throw new ConfigException(
                MemfunErrorCodes.ConfigBadValue,
                $"memfun worker serves agents on a shared runtime, but [backend] tier is {config.Backend.Tier.ToString().ToLowerInvariant()}.")
            {
                Hint = "Set [backend] tier = \"redis\" or \"nats\" in memfun.toml (or MEMFUN_BACKEND_TIER), with the server's URL.",
            };
        }

        var names = settings.Agents is { Length: > 0 } given ? given : ["echo"];
        var unknown = names.Where(n => !BuiltInAgents.ContainsKey(n)).ToList();
        if (unknown.Count > 0 || settings.Instances < 1)
        {
            throw new ConfigException(
                MemfunErrorCodes.ConfigBadValue,
                unknown.Count > 0 ? $"Unknown agent '{unknown[0]}'." : "--instances must be at least 1.")
            {
                Hint = $"Built-in worker agents: {string.Join(", ", BuiltInAgents.Keys.Order(StringComparer.Ordinal))}.",
            };
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var logger = LoggerFactory.CreateLogger<WorkerCommand>();
        await using (var host = MemfunHost.Create(config, new MemfunHostEnvironment(Environment.Variables), LoggerFactory))
        {
            var runtime = await host.Get<MemfunRuntimeProvider>().GetRuntimeAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<string>();
            foreach (var name in names)
            {
                for (var i = 0; i < settings.Instances; i++)
                {
                    ids.Add(await runtime.Agents.StartAsync(BuiltInAgents[name](), cancellationToken).ConfigureAwait(false));
                }
            }

            var tier = runtime.Context.Tier;
            LogReady(logger, tier, ids.Count);

            // One line on standard output tells scripts (and tests) that the worker takes tasks.
            await Environment.Out.Profile.Out.Writer.WriteLineAsync($"worker ready: {tier} tier, pid {System.Environment.ProcessId}, agents {string.Join(' ', ids)}").ConfigureAwait(false);
            await Environment.Out.Profile.Out.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            Environment.Error.MarkupLine($"[grey]Serving {ids.Count} agent instance(s) on the {Markup.Escape(tier)} tier; Ctrl+C stops and gives in-flight tasks back.[/]");
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
        [Description("An agent to host (repeatable): echo (default), sleep.")]
        public string[]? Agents { get; set; }

        /// <summary>Gets or sets how many instances of each agent to run.</summary>
        [CommandOption("-n|--instances <N>")]
        [Description("Instances of each agent in this worker (default 1); they compete for its tasks.")]
        [DefaultValue(1)]
        public int Instances { get; set; } = 1;
    }
}
