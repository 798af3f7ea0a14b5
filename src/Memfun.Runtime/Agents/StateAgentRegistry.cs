using System.Runtime.CompilerServices;
using Memfun.Runtime.Internal;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Agents;

/// <summary>The agent registry on any tier's state store: one key per agent, whose TTL is its heartbeat deadline.</summary>
public sealed class StateAgentRegistry(IStateStore store, TimeProvider? timeProvider = null) : IAgentRegistry
{
    private const string Prefix = "runtime/agents/";
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public async ValueTask<AgentInfo> RegisterAsync(string agentId, string name, IReadOnlyList<string> capabilities, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(capabilities);
        var now = _time.GetUtcNow();
        var record = new Registration(
            new AgentInfo(agentId, name, capabilities.ToList(), new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal), now, now),
            ttl ?? DefaultTtl);
        await store.SetAsync(Prefix + agentId, StateJson.Serialize(record), record.Ttl, cancellationToken).ConfigureAwait(false);
        return record.Info;
    }

    /// <inheritdoc />
    public async ValueTask<bool> HeartbeatAsync(string agentId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (await StateJson.GetAsync<Registration>(store, Prefix + agentId, cancellationToken).ConfigureAwait(false) is not { } current)
            {
                return false;
            }

            var renewed = current.Value with { Info = current.Value.Info with { LastHeartbeat = _time.GetUtcNow() } };
            var result = await store.TryUpdateAsync(Prefix + agentId, StateJson.Serialize(renewed), current.Revision, renewed.Ttl, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return true;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeregisterAsync(string agentId, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(Prefix + agentId, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<AgentInfo?> GetAsync(string agentId, CancellationToken cancellationToken = default) =>
        (await StateJson.GetAsync<Registration>(store, Prefix + agentId, cancellationToken).ConfigureAwait(false))?.Value.Info;

    /// <inheritdoc />
    public async IAsyncEnumerable<AgentInfo> DiscoverAsync(string capability, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(capability);
        await foreach (var agent in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (agent.Capabilities.Contains(capability, StringComparer.OrdinalIgnoreCase))
            {
                yield return agent;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AgentInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var registration in StateJson.ListAsync<Registration>(store, Prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return registration.Info;
        }
    }

    private sealed record Registration(AgentInfo Info, TimeSpan Ttl);
}
