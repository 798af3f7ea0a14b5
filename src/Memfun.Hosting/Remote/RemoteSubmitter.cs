using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Events;

namespace Memfun.Hosting.Remote;

/// <summary>
/// Sends <see cref="RemoteTask"/>s to the workers' coding agent through the configured tier, follows each run's
/// progress events, stores its trace under the local traces folder and returns the worker's result.
/// </summary>
/// <remarks>
/// A task whose worker dies is redelivered by the tier to another worker; that run's events come under a new attempt,
/// and every attempt's events are kept as a trace of its own (the cut-short one shows as incomplete). Thread-safe:
/// several tasks may be in flight at once (<c>analyze --fan-out</c>).
/// </remarks>
/// <param name="runtime">The shared runtime (Redis or NATS) the workers serve.</param>
/// <param name="tracesDirectory">Where traces are stored (<c>.memfun/traces</c>).</param>
public sealed partial class RemoteSubmitter(MemfunRuntime runtime, string tracesDirectory)
{
    private static readonly TimeSpan TraceGrace = TimeSpan.FromSeconds(10);

    /// <summary>Sends <paramref name="task"/> and waits for its result.</summary>
    /// <param name="task">The command.</param>
    /// <param name="observer">Sees the events of the current attempt as they arrive (a progress display); null for none.</param>
    /// <param name="timeout">How long to wait for a worker's answer, redeliveries included.</param>
    /// <param name="cancellationToken">Stops waiting (the task itself goes on at the worker).</param>
    /// <exception cref="MemfunException">The worker's run failed: its error code and message are kept; <c>MF3004</c> when no answer came in time.</exception>
    public async Task<RemoteRun> SubmitAsync(RemoteTask task, IRlmObserver? observer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var taskId = Guid.NewGuid().ToString("N");
        var topic = RemoteProgress.Topic(taskId);
        var bus = runtime.Context.EventBus;
        await bus.CreateTopicAsync(topic, new TopicOptions { MaxAge = timeout + TimeSpan.FromHours(1) }, cancellationToken).ConfigureAwait(false);
        var attempts = new ConcurrentDictionary<string, Attempt>(StringComparer.Ordinal);
        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listener = Task.Run(() => ListenAsync(bus, topic, taskId, attempts, observer, stopListening.Token), CancellationToken.None);
        try
        {
            var payload = JsonSerializer.Serialize(task, RemoteJson.Options);
            var reply = await runtime.Orchestrator.DispatchAsync(
                CodingWorkerAgent.AgentName, new AgentTask(taskId, task.Command, payload, null, null, 0, DateTimeOffset.UtcNow), timeout, cancellationToken).ConfigureAwait(false);
            if (!reply.Succeeded)
            {
                throw Failure(reply.Error ?? "the worker gave no reason");
            }

            var result = JsonSerializer.Deserialize<RemoteResult>(reply.Output, RemoteJson.Options)
                ?? throw new AgentException(MemfunErrorCodes.AgentInvalid, "The worker's answer was empty.");

            // The worker published every event before replying; they may still be on their way on the other topic.
            var attempt = attempts.GetOrAdd(result.Attempt, _ => new Attempt(tracesDirectory));
            await attempt.Finished.Task.WaitAsync(TraceGrace, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return new RemoteRun(result, attempt.Trace.FilePath);
        }
        finally
        {
            await stopListening.CancelAsync().ConfigureAwait(false);
            await listener.ConfigureAwait(false);
            foreach (var attempt in attempts.Values)
            {
                attempt.Trace.Dispose();
            }

            await TryDeleteAsync(bus, topic).ConfigureAwait(false);
        }
    }

    private async Task ListenAsync(IEventBus bus, string topic, string taskId, ConcurrentDictionary<string, Attempt> attempts, IRlmObserver? observer, CancellationToken cancellationToken)
    {
        string? current = null;
        try
        {
            await foreach (var message in bus.SubscribeAsync(topic, "submit-" + taskId, "submitter", cancellationToken).ConfigureAwait(false))
            {
                var progress = JsonSerializer.Deserialize<RemoteProgress>(message.Payload.Span, RemoteJson.Options);
                if (progress is { Delta: { } delta } && progress.Attempt == current)
                {
                    observer?.OnTextDelta(delta);
                }
                else if (progress?.Event?.Deserialize<RlmEvent>(TraceJson.Options) is { } runEvent)
                {
                    var attempt = attempts.GetOrAdd(progress.Attempt, _ => new Attempt(tracesDirectory));
                    attempt.Trace.OnEvent(runEvent);
                    if (runEvent is RlmRunStarted { Depth: 0 })
                    {
                        current = progress.Attempt;
                    }

                    if (progress.Attempt == current)
                    {
                        observer?.OnEvent(runEvent);
                    }

                    if (runEvent is RlmRunFinished { Depth: 0 })
                    {
                        attempt.Finished.TrySetResult();
                    }
                }

                await bus.AckAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or MemfunException or JsonException)
        {
            // Progress is a display and a trace copy: the result decides the run, whatever happened to its events.
        }
    }

    private static MemfunException Failure(string error)
    {
        var match = ErrorCode().Match(error);
        var code = match.Success ? match.Groups[1].Value : MemfunErrorCodes.AgentFailure;
        if (error.StartsWith("timed out", StringComparison.Ordinal))
        {
            return new AgentException(MemfunErrorCodes.AgentTimeout, $"No worker answered: the task {error}.")
            {
                Hint = "Start workers on this tier and namespace (memfun worker --repo PATH), or wait longer with --timeout.",
            };
        }

        return new AgentException(code, $"The worker's run failed: {(match.Success ? error[match.Length..].TrimStart() : error)}");
    }

    private static async Task TryDeleteAsync(IEventBus bus, string topic)
    {
        try
        {
            await bus.DeleteTopicAsync(topic).ConfigureAwait(false);
        }
        catch (MemfunException)
        {
            // A progress topic left behind expires with its MaxAge.
        }
    }

    [GeneratedRegex(@"^\[(MF\d{4})\]")]
    private static partial Regex ErrorCode();

    private sealed class Attempt(string tracesDirectory)
    {
        public TraceCollector Trace { get; } = new(tracesDirectory);

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
