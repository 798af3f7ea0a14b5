namespace Memfun.Skills.Agents;

/// <summary>One task being carried out by a defined agent, with what it needs to hand sub-tasks on.</summary>
public sealed class AgentInvocation
{
    private int _budget;

    internal AgentInvocation(Delegator delegator, string task, IReadOnlyList<string> chain, int depth, int budget, string taskId, string? correlationId)
    {
        Delegator = delegator;
        Task = task;
        Chain = chain;
        Depth = depth;
        _budget = budget;
        TaskId = taskId;
        CorrelationId = correlationId;
    }

    /// <summary>Gets what to do.</summary>
    public string Task { get; }

    /// <summary>Gets the agents working on the request, outermost first, ending with this one.</summary>
    public IReadOnlyList<string> Chain { get; }

    /// <summary>Gets the depth in the delegation chain (0 for a user's task).</summary>
    public int Depth { get; }

    /// <summary>Gets how many more sub-tasks this agent may hand out.</summary>
    public int Budget => Volatile.Read(ref _budget);

    /// <summary>Gets the task's id.</summary>
    public string TaskId { get; }

    /// <summary>Gets the id tying together the tasks of one request.</summary>
    public string? CorrelationId { get; }

    internal Delegator Delegator { get; }

    /// <summary>Hands <paramref name="task"/> to the agent named <paramref name="target"/>, or to one with that capability (<c>capability:review</c>), and returns its answer.</summary>
    /// <exception cref="Memfun.Runtime.Errors.AgentException">A loop, a limit, no such agent, or the sub-task failed.</exception>
    public Task<string> DelegateAsync(string target, string task, CancellationToken cancellationToken = default) =>
        Delegator.DelegateAsync(this, target, task, cancellationToken);

    internal bool TrySpend() => Interlocked.Decrement(ref _budget) >= 0;
}
