using Memfun.Runtime.Agents;

namespace Memfun.Runtime.Conformance;

/// <summary>Small agents for the runtime suites.</summary>
public static class TestAgents
{
    /// <summary>Creates a task with a payload.</summary>
    public static AgentTask Task(string payload, string kind = "test") =>
        new(Guid.NewGuid().ToString("N"), kind, payload, null, null, 0, DateTimeOffset.UtcNow);

    /// <summary>An agent that answers with a function of the payload (and fails when it throws).</summary>
    public sealed class Function(string name, IReadOnlyList<string> capabilities, Func<string, string> handle) : BaseAgent
    {
        /// <inheritdoc />
        public override string Name => name;

        /// <inheritdoc />
        public override IReadOnlyList<string> Capabilities => capabilities;

        /// <inheritdoc />
        public override Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken) =>
            System.Threading.Tasks.Task.FromResult(handle(task.Payload));
    }

    /// <summary>An agent that delegates to whichever agent has a capability, through the orchestrator.</summary>
    public sealed class Delegating(string name, string capability, IOrchestrator orchestrator) : BaseAgent
    {
        /// <inheritdoc />
        public override string Name => name;

        /// <inheritdoc />
        public override async Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken)
        {
            var result = await orchestrator.RouteAsync(capability, Task(task.Payload) with { ParentTaskId = task.TaskId, Depth = task.Depth + 1 }, TimeSpan.FromSeconds(20), cancellationToken);
            return result.Succeeded ? $"{name}({result.Output})" : throw new InvalidOperationException(result.Error);
        }
    }

    /// <summary>An agent that holds each task until it is released or stopped, and counts what it finished.</summary>
    public sealed class Slow(string name) : BaseAgent
    {
        /// <summary>Gets a source completed when the first task has started.</summary>
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gets a source that, once completed, lets tasks finish.</summary>
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <inheritdoc />
        public override string Name => name;

        /// <inheritdoc />
        public override async Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return "done";
        }
    }
}
