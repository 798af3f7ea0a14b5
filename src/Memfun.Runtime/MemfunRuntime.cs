using Memfun.Runtime.Agents;

namespace Memfun.Runtime;

/// <summary>A built runtime: the tier, the context agents use, the agent host and the orchestrator. Dispose it to stop everything.</summary>
public sealed class MemfunRuntime : IAsyncDisposable
{
    private readonly IRuntimeBackend _backend;

    internal MemfunRuntime(IRuntimeBackend backend, RuntimeContext context, AgentManagerOptions agentOptions)
    {
        _backend = backend;
        Context = context;
        Agents = new AgentManager(context, agentOptions);
        Orchestrator = new Orchestrator(context);
    }

    /// <summary>Gets the context every agent gets.</summary>
    public RuntimeContext Context { get; }

    /// <summary>Gets the host of this process's agents.</summary>
    public AgentManager Agents { get; }

    /// <summary>Gets the orchestrator.</summary>
    public Orchestrator Orchestrator { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Orchestrator.DisposeAsync().ConfigureAwait(false);
        await Agents.DisposeAsync().ConfigureAwait(false);
        await _backend.DisposeAsync().ConfigureAwait(false);
    }
}
