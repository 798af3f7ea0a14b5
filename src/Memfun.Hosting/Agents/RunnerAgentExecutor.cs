using Memfun.Skills.Agents;

namespace Memfun.Hosting.Agents;

/// <summary>Runs AGENT.md agents' tasks on an <see cref="AgentRunner"/>: each task an RLM run with its own model budget and trace, in the runner's sandbox.</summary>
/// <remarks>Edits are staged, never written: the staged diff is appended to the answer (see <see cref="RlmAgentExecutor"/>).</remarks>
/// <param name="runner">The host's agent runner.</param>
public sealed class RunnerAgentExecutor(AgentRunner runner) : IAgentExecutor
{
    /// <inheritdoc />
    public async Task<string> ExecuteAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default)
    {
        using var clients = runner.Clients.StartRun();
        var extensions = await runner.DefaultExtensionsAsync(cancellationToken).ConfigureAwait(false);
        var run = await runner.RunAsync(
            coding => new RlmAgentExecutor(_ => coding).ExecuteAsync(agent, invocation, cancellationToken),
            new AgentRunOptions { Extensions = extensions, Clients = clients },
            cancellationToken).ConfigureAwait(false);
        return run.Result;
    }
}
