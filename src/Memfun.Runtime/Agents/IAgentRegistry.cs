
namespace Memfun.Runtime.Agents;

/// <summary>Which agents exist and what they can do. Registrations expire when their heartbeats stop.</summary>
public interface IAgentRegistry
{
    /// <summary>Registers (or re-registers) an agent instance; it expires <paramref name="ttl"/> after its last heartbeat (default 30 s).</summary>
    ValueTask<AgentInfo> RegisterAsync(string agentId, string name, IReadOnlyList<string> capabilities, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Renews a registration. Returns false when it already expired or was removed (register again).</summary>
    ValueTask<bool> HeartbeatAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Removes a registration. Returns whether it existed.</summary>
    ValueTask<bool> DeregisterAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Gets a live registration.</summary>
    ValueTask<AgentInfo?> GetAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>Lists the live agents that have <paramref name="capability"/> (case-insensitive).</summary>
    IAsyncEnumerable<AgentInfo> DiscoverAsync(string capability, CancellationToken cancellationToken = default);

    /// <summary>Lists every live agent.</summary>
    IAsyncEnumerable<AgentInfo> ListAsync(CancellationToken cancellationToken = default);
}
