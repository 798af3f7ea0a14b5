using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace Memfun.Runtime.Agents;

/// <summary>
/// Hosts agent instances in this process: each consumes its agent's task topic (instances of one agent
/// compete), replies on the task's reply topic, keeps its registration and health alive, and is restarted
/// with exponential backoff when it crashes.
/// </summary>
public sealed partial class AgentManager : IAgentLifecycle, IAsyncDisposable
{
    private readonly RuntimeContext _context;
    private readonly AgentManagerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Instance> _instances = new(StringComparer.Ordinal);

    /// <summary>Creates a manager over a runtime context.</summary>
    public AgentManager(RuntimeContext context, AgentManagerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _options = options ?? AgentManagerOptions.Default;
        _logger = context.LoggerFactory.CreateLogger<AgentManager>();
    }

    /// <inheritdoc />
    public async ValueTask<string> StartAsync(BaseAgent agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var id = $"{agent.Name}-{Guid.NewGuid():N}"[..(agent.Name.Length + 9)];
        await StartInstanceAsync(new Instance(id, agent), cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <inheritdoc />
    public async ValueTask<bool> StopAsync(string agentId, CancellationToken cancellationToken = default)
    {
        if (!_instances.TryGetValue(agentId, out var instance))
        {
            return false;
        }

        await StopInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask RestartAsync(string agentId, CancellationToken cancellationToken = default)
    {
        if (!_instances.TryGetValue(agentId, out var instance))
        {
            throw new AgentException(MemfunErrorCodes.AgentNotFound, $"No agent instance '{agentId}' runs in this process.");
        }

        await StopInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        await StartInstanceAsync(new Instance(agentId, instance.Agent), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public AgentStatus Status(string agentId) =>
        _instances.TryGetValue(agentId, out var instance) ? instance.Snapshot() : new AgentStatus(agentId, AgentState.Unknown, null, 0, null);

    /// <inheritdoc />
    public IReadOnlyList<AgentStatus> List() => _instances.Values.Select(i => i.Snapshot()).OrderBy(s => s.AgentId, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            await StopInstanceAsync(instance, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task StartInstanceAsync(Instance instance, CancellationToken cancellationToken)
    {
        _instances[instance.Id] = instance;
        instance.State = AgentState.Starting;
        try
        {
            await instance.Agent.OnStartAsync(_context, cancellationToken).ConfigureAwait(false);
            await RegisterAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            instance.State = AgentState.Failed;
            instance.LastError = e.Message;
            throw new AgentException($"Agent '{instance.Agent.Name}' failed to start: {e.Message}", e);
        }

        instance.StartedAt = _context.TimeProvider.GetUtcNow();
        instance.State = AgentState.Running;
        instance.Loop = Task.Run(() => SuperviseAsync(instance), CancellationToken.None);
        LogStarted(_logger, instance.Id);
    }

    private async Task StopInstanceAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.State is AgentState.Stopped)
        {
            return;
        }

        instance.State = AgentState.Stopping;
        await instance.Stopping.CancelAsync().ConfigureAwait(false);
        if (instance.Loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        await instance.Agent.OnStopAsync(_context, cancellationToken).ConfigureAwait(false);
        await _context.Registry.DeregisterAsync(instance.Id, cancellationToken).ConfigureAwait(false);
        instance.State = AgentState.Stopped;
        LogStopped(_logger, instance.Id);
    }

    private async Task SuperviseAsync(Instance instance)
    {
        var token = instance.Stopping.Token;
        var heartbeat = Task.Run(() => HeartbeatAsync(instance, token), CancellationToken.None);
        while (!token.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(instance, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                instance.State = AgentState.Failed;
                instance.LastError = e.Message;
                LogCrashed(_logger, instance.Id, instance.RestartCount, e);
                if (instance.RestartCount >= _options.MaxRestarts)
                {
                    await _context.Registry.DeregisterAsync(instance.Id, CancellationToken.None).ConfigureAwait(false);
                    break;
                }

                instance.RestartCount++;
                var delay = TimeSpan.FromTicks(Math.Min(_options.MaxRestartDelay.Ticks, _options.RestartDelay.Ticks << (instance.RestartCount - 1)));
                try
                {
                    await Task.Delay(delay, _context.TimeProvider, token).ConfigureAwait(false);
                    await instance.Agent.OnStartAsync(_context, token).ConfigureAwait(false);
                    instance.State = AgentState.Running;
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception restartError)
                {
                    instance.LastError = restartError.Message;
                }
            }
        }

        await heartbeat.ConfigureAwait(false);
    }

    private async Task ConsumeAsync(Instance instance, CancellationToken token)
    {
        var bus = _context.EventBus;
        await foreach (var message in bus.SubscribeAsync(AgentTopics.Tasks(instance.Agent.Name), instance.Agent.Name, instance.Id, token).ConfigureAwait(false))
        {
            TaskEnvelope envelope;
            try
            {
                envelope = StateJson.Deserialize<TaskEnvelope>(message.Payload);
            }
            catch (JsonException e)
            {
                LogMalformedTask(_logger, instance.Id, message.Id, e);
                await bus.AckAsync(message, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            var stopwatch = Stopwatch.StartNew();
            AgentTaskResult result;
            try
            {
                var output = await instance.Agent.HandleAsync(envelope.Task, _context, token).ConfigureAwait(false);
                result = new AgentTaskResult(envelope.Task.TaskId, instance.Id, true, output, null, stopwatch.Elapsed);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping mid-task: give the task back so another instance finishes it.
                await bus.NackAsync(message, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            catch (Exception e)
            {
                result = new AgentTaskResult(envelope.Task.TaskId, instance.Id, false, string.Empty, e.Message, stopwatch.Elapsed);
            }

            await bus.PublishAsync(envelope.ReplyTo, StateJson.Serialize(result), envelope.Task.TaskId, CancellationToken.None).ConfigureAwait(false);
            await bus.AckAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync(Instance instance, CancellationToken token)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _context.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (instance.State != AgentState.Running)
                {
                    continue;
                }

                if (!await _context.Registry.HeartbeatAsync(instance.Id, token).ConfigureAwait(false))
                {
                    await RegisterAsync(instance, token).ConfigureAwait(false);
                }

                await _context.Health.HeartbeatAsync(instance.Id, cancellationToken: token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RegisterAsync(Instance instance, CancellationToken cancellationToken)
    {
        await _context.Registry.RegisterAsync(instance.Id, instance.Agent.Name, instance.Agent.Capabilities, null, _options.RegistrationTtl, cancellationToken).ConfigureAwait(false);
        await _context.Health.HeartbeatAsync(instance.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Agent {AgentId} started")]
    private static partial void LogStarted(ILogger logger, string agentId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Agent {AgentId} stopped")]
    private static partial void LogStopped(ILogger logger, string agentId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Agent {AgentId} crashed (restarts so far: {Restarts})")]
    private static partial void LogCrashed(ILogger logger, string agentId, int restarts, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Agent {AgentId} dropped malformed task event {EventId}")]
    private static partial void LogMalformedTask(ILogger logger, string agentId, string eventId, Exception exception);

    private sealed class Instance(string id, BaseAgent agent)
    {
        public string Id { get; } = id;

        public BaseAgent Agent { get; } = agent;

        public CancellationTokenSource Stopping { get; } = new();

        public Task? Loop { get; set; }

        public volatile AgentState State;

        public DateTimeOffset? StartedAt { get; set; }

        public int RestartCount { get; set; }

        public string? LastError { get; set; }

        public AgentStatus Snapshot() => new(Id, State, StartedAt, RestartCount, LastError);
    }
}
