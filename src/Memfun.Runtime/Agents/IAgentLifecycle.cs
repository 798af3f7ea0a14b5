
namespace Memfun.Runtime.Agents;

/// <summary>Starts, stops and watches agent instances hosted by this process.</summary>
public interface IAgentLifecycle
{
    /// <summary>Starts an instance of <paramref name="agent"/> and returns its id once it takes tasks.</summary>
    ValueTask<string> StartAsync(BaseAgent agent, CancellationToken cancellationToken = default);

    /// <summary>Stops an instance (its in-flight task is given back for redelivery). Returns false when unknown.</summary>
    ValueTask<bool> StopAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Stops and starts an instance again under the same id.</summary>
    /// <exception cref="Memfun.Runtime.Errors.AgentException">No instance has that id.</exception>
    ValueTask RestartAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Returns an instance's status (<see cref="AgentState.Unknown"/> for an unknown id).</summary>
    AgentStatus Status(string agentId);

    /// <summary>Returns the status of every instance this process hosts.</summary>
    IReadOnlyList<AgentStatus> List();
}
