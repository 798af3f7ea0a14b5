using System.Text.Json;
using Memfun.Agent;
using Memfun.Agent.Coding;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Hosting.Agents;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Errors;

namespace Memfun.Hosting.Remote;

/// <summary>
/// The coding agent as a worker agent (<c>coding</c>): carries out <see cref="RemoteTask"/>s — ask, explain, analyze,
/// review, fix — in the worker's own sandbox against the worker's checkout, streaming the run's events to the
/// task's progress topic and returning a <see cref="RemoteResult"/>.
/// </summary>
/// <remarks>
/// The checkout must be at the commit the task names, or the task fails with <c>MF3000</c> saying so. <c>fix</c>
/// returns its patch in <see cref="RemoteResult.Diff"/>: nothing is ever written on the worker. A Memfun error is
/// raised with its code in the message (<c>[MF7002] ...</c>) so the submitter can restore it.
/// </remarks>
/// <param name="runner">The worker's agent runner (its sandbox pool, model clients, traces).</param>
/// <param name="redactor">Masks the worker's secrets in the events it publishes.</param>
public sealed class CodingWorkerAgent(AgentRunner runner, SecretRedactor redactor) : BaseAgent
{
    /// <summary>The agent's name on the runtime.</summary>
    public const string AgentName = "coding";

    /// <inheritdoc />
    public override string Name => AgentName;

    /// <summary>Returns the ack timeout of the queues of agents that run the model: a quarter more than a run may last, and 5 s.</summary>
    /// <param name="settings">The agent settings, whose <see cref="AgentSettings.TimeoutSeconds"/> bounds a run.</param>
    /// <remarks>
    /// The tiers redeliver a task whose ack does not come within the queue's ack timeout, so it must outlast the longest
    /// healthy run; it is also how long a killed worker's task waits before another worker takes it.
    /// </remarks>
    public static TimeSpan AckTimeout(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return TimeSpan.FromSeconds((settings.TimeoutSeconds * 1.25) + 5);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Capabilities => RemoteTask.Commands;

    /// <inheritdoc />
    public override async Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var request = JsonSerializer.Deserialize<RemoteTask>(task.Payload, RemoteJson.Options)
                ?? throw new AgentException(MemfunErrorCodes.AgentInvalid, "The coding agent received a task without a payload.");
            var root = runner.Config.ProjectRoot;
            await Checkout.VerifyAsync(root, request.Commit, cancellationToken).ConfigureAwait(false);
            var attempt = Guid.NewGuid().ToString("N");
            var worker = $"{Environment.MachineName}/{Environment.ProcessId}";
            await using var progress = new ProgressPublisher(context.EventBus, RemoteProgress.Topic(task.TaskId), attempt, worker, redactor);
            using var clients = runner.Clients.StartRun();
            var extensions = await runner.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false);
            var run = await runner.RunAsync(
                agent => RunAsync(agent, request, root, cancellationToken),
                new AgentRunOptions { Extensions = extensions, Observer = progress, Clients = clients },
                cancellationToken).ConfigureAwait(false);

            // Every event is out before the reply, so the submitter's trace is whole when the result arrives.
            await progress.FlushAsync().ConfigureAwait(false);
            var result = run.Result;
            return JsonSerializer.Serialize(
                new RemoteResult(result.Run.RunId, result.Answer, result.Run.Termination.ToString(), result.Run.Iterations, result.Run.SubCalls, result.Run.Usage,
                    (long)result.Run.Elapsed.TotalMilliseconds, result.Diff, result.Edits.Paths, worker, attempt),
                RemoteJson.Options);
        }
        catch (MemfunException e) when (e is not AgentException { Message: ['[', ..] })
        {
            throw new AgentException(e.ErrorCode, $"[{e.ErrorCode}] {e.Message}{(e.Hint is { } hint ? " " + hint : "")}", e);
        }
    }

    private static Task<CodingResult> RunAsync(CodingAgent agent, RemoteTask task, string root, CancellationToken cancellationToken)
    {
        var directory = task.WorkingDirectory is { Length: > 0 } relative ? new Core.Files.ProjectPaths(root).Resolve(relative) : root;
        return task.Command switch
        {
            "ask" => agent.AskAsync(task.Text, cancellationToken),
            "explain" => agent.ExplainAsync(task.Text, task.Audience ?? "a developer new to this codebase", directory, cancellationToken),
            "analyze" when task.Paths.Count > 0 => agent.AnalyzeAsync(task.Paths, cancellationToken),
            "analyze" => agent.AnalyzeAsync(task.Path, directory, cancellationToken),
            "review" => agent.ReviewAsync(new ReviewScope(task.Staged, task.Range), cancellationToken),
            "fix" => agent.FixAsync(task.Text, cancellationToken),
            _ => throw new AgentException(MemfunErrorCodes.AgentInvalid, $"The coding agent does not know the command '{task.Command}'.") { Hint = "Commands: " + string.Join(", ", RemoteTask.Commands) + "." },
        };
    }
}
