using System.Collections.Concurrent;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace Memfun.Runtime.Agents;

/// <summary>
/// The orchestrator over the event bus: publishes tasks to agents' topics and matches results arriving on its
/// own reply topic, so the agents may run in this process or on other machines.
/// </summary>
public sealed partial class Orchestrator : IOrchestrator, IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ListenAgainDelay = TimeSpan.FromMilliseconds(500);
    private readonly RuntimeContext _context;
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, TaskCompletionSource<AgentTaskResult>> _waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _listener;
    private readonly ILogger _logger;

    /// <summary>Creates an orchestrator over a runtime context.</summary>
    public Orchestrator(RuntimeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<Orchestrator>();
        _listener = new Lazy<Task>(() => Task.Run(ListenAsync));
    }

    private string ReplyTopic => AgentTopics.Replies(_id);

    /// <inheritdoc />
    public async Task<AgentTaskResult> DispatchAsync(string agentName, AgentTask task, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        ArgumentNullException.ThrowIfNull(task);
        _ = _listener.Value;
        var completion = new TaskCompletionSource<AgentTaskResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.TryAdd(task.TaskId, completion))
        {
            throw new ArgumentException($"Task '{task.TaskId}' is already in flight.", nameof(task));
        }

        try
        {
            await _context.EventBus.PublishAsync(AgentTopics.Tasks(agentName), StateJson.Serialize(new TaskEnvelope(task, ReplyTopic)), task.TaskId, cancellationToken).ConfigureAwait(false);
            var limit = timeout ?? DefaultTimeout;
            try
            {
                return await completion.Task.WaitAsync(limit, _context.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return new AgentTaskResult(task.TaskId, agentName, false, string.Empty, $"timed out after {limit.TotalSeconds:0.###} s waiting for agent '{agentName}'", limit);
            }
        }
        finally
        {
            _waiting.TryRemove(task.TaskId, out _);
        }
    }

    /// <inheritdoc />
    public async Task<AgentTaskResult> RouteAsync(string capability, AgentTask task, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(capability);
        var agents = await _context.Registry.DiscoverAsync(capability, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var agent = agents.OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new AgentException(MemfunErrorCodes.AgentNotFound, $"No running agent has the capability '{capability}'.")
            {
                Hint = "Start an agent with that capability (memfun agent list shows what is defined).",
            };
        return await DispatchAsync(agent.Name, task, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentTaskResult>> FanOutAsync(IReadOnlyList<AgentAssignment> assignments, int maxParallel = 4, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        var results = new AgentTaskResult[assignments.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, assignments.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await DispatchAsync(assignments[i].AgentName, assignments[i].Task, timeout, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentTaskResult>> PipelineAsync(IReadOnlyList<string> agentNames, AgentTask first, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentNames);
        ArgumentNullException.ThrowIfNull(first);
        var results = new List<AgentTaskResult>();
        var task = first;
        foreach (var agentName in agentNames)
        {
            var result = await DispatchAsync(agentName, task, timeout, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (!result.Succeeded)
            {
                break;
            }

            task = task with
            {
                TaskId = Guid.NewGuid().ToString("N"),
                Payload = result.Output,
                ParentTaskId = task.TaskId,
                CorrelationId = first.CorrelationId ?? first.TaskId,
                CreatedAt = _context.TimeProvider.GetUtcNow(),
            };
        }

        return results;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener.IsValueCreated)
        {
            await _listener.Value.ConfigureAwait(false);
        }

        await _context.EventBus.DeleteTopicAsync(ReplyTopic, CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    // A backend outage (a restarted server, a dropped connection) must not end the listening: the replies wait in the
    // topic, and a dispatch whose listener is gone would wait out its whole timeout for a result that already arrived.
    private async Task ListenAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in _context.EventBus.SubscribeAsync(ReplyTopic, _id, _id, _stopping.Token).ConfigureAwait(false))
                {
                    var result = StateJson.Deserialize<AgentTaskResult>(message.Payload);
                    if (_waiting.TryGetValue(result.TaskId, out var completion))
                    {
                        completion.TrySetResult(result);
                    }

                    await _context.EventBus.AckAsync(message, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (BackendException e)
            {
                LogListenFailed(_logger, ReplyTopic, e);
            }

            try
            {
                await Task.Delay(ListenAgainDelay, _context.TimeProvider, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Listening for replies on {Topic} failed; listening again")]
    private static partial void LogListenFailed(ILogger logger, string topic, Exception exception);
}
