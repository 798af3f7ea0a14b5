using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Llm;

namespace Memfun.Hosting.Agents;

/// <summary>How one agent run is set up beyond the host's defaults.</summary>
public sealed record AgentRunOptions
{
    /// <summary>Gets what every task of the run gets on top of its own (null: nothing; see <see cref="AgentRunner.DefaultExtensionsAsync"/>).</summary>
    public CodingAgentExtensions? Extensions { get; init; }

    /// <summary>Gets an observer of the run's events besides the trace (a progress display).</summary>
    public IRlmObserver? Observer { get; init; }

    /// <summary>Gets the model clients of the run (null: the host's clients, whose ledger and budget the host's runs share).</summary>
    public LlmClients? Clients { get; init; }

    /// <summary>Gets where the run's warnings go (an optimized program that is not used, and why), besides the log.</summary>
    public Action<string>? Warn { get; init; }
}
