
namespace Memfun.Runtime.Agents;

/// <summary>Sends tasks to agents — by name, by capability, in parallel or as a pipeline — and collects results.</summary>
/// <remarks>
/// A task that fails, throws or times out yields a result with <see cref="AgentTaskResult.Succeeded"/> false,
/// so fan-outs return partial results. Cancellation of the caller's token propagates as an exception.
/// </remarks>
public interface IOrchestrator
{
    /// <summary>Sends a task to the agent named <paramref name="agentName"/> and waits for its result.</summary>
    Task<AgentTaskResult> DispatchAsync(string agentName, AgentTask task, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a task to a live agent that has <paramref name="capability"/>.</summary>
    /// <exception cref="Memfun.Runtime.Errors.AgentException">No live agent has the capability.</exception>
    Task<AgentTaskResult> RouteAsync(string capability, AgentTask task, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the assignments with at most <paramref name="maxParallel"/> in flight; results are in assignment order.</summary>
    Task<IReadOnlyList<AgentTaskResult>> FanOutAsync(IReadOnlyList<AgentAssignment> assignments, int maxParallel = 4, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the agents in order, each getting the previous output as its payload; stops at the first failure.</summary>
    Task<IReadOnlyList<AgentTaskResult>> PipelineAsync(IReadOnlyList<string> agentNames, AgentTask first, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
