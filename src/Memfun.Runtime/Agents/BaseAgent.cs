
namespace Memfun.Runtime.Agents;

/// <summary>
/// An agent: handles tasks sent to its name (or routed to one of its capabilities). The same agent runs on
/// every tier, because tasks and results travel over the runtime's event bus.
/// </summary>
public abstract class BaseAgent
{
    /// <summary>Gets the agent's name; tasks are addressed to it.</summary>
    public abstract string Name { get; }

    /// <summary>Gets what the agent can do; the orchestrator routes by these.</summary>
    public virtual IReadOnlyList<string> Capabilities => [];

    /// <summary>Handles one task and returns its output (JSON text). Throwing fails the task, not the agent.</summary>
    public abstract Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken);

    /// <summary>Runs before the agent takes its first task. Throwing makes the start fail (and, under the manager, retried with backoff).</summary>
    public virtual Task OnStartAsync(RuntimeContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after the agent stopped taking tasks.</summary>
    public virtual Task OnStopAsync(RuntimeContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
