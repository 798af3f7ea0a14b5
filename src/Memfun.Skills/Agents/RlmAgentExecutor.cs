using System.Text.Json;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Skills.Execution;

namespace Memfun.Skills.Agents;

/// <summary>
/// Runs a defined agent's task as an RLM run: its instructions are the guidance, its tools are the repository
/// tools its <c>tools</c> and trust tier permit, and <c>delegate(agent, task)</c> hands sub-tasks on.
/// </summary>
/// <remarks>Edits are staged, never written: the staged diff is appended to the answer for the caller to review.</remarks>
/// <param name="agents">Makes the coding agent for a definition; the definition's model and iteration limit travel with the task.</param>
public sealed class RlmAgentExecutor(Func<AgentDefinition, CodingAgent> agents) : IAgentExecutor
{
    /// <inheritdoc />
    public async Task<string> ExecuteAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(agent, invocation, cancellationToken).ConfigureAwait(false);
        return result.Diff.Length == 0 ? result.Answer : result.Answer + "\n\nProposed changes (not applied):\n```diff\n" + result.Diff + "\n```";
    }

    /// <summary>Carries out <paramref name="invocation"/> as <paramref name="agent"/> and returns the whole run: answer, staged edits, usage.</summary>
    /// <param name="agent">The definition.</param>
    /// <param name="invocation">The task, with its delegation chain and budget.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<CodingResult> RunAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(invocation);
        var grant = ToolGrant.Resolve(agent.Name, agent.Tools, agent.Trust);
        var task = new CodingTask
        {
            Query = invocation.Task,
            Guidance = $"You are the agent '{agent.Name}': {agent.Description}\n\n## Agent instructions\n{agent.Instructions}\n\n"
                + $"Hand a sub-task to another agent with delegate(agent_or_capability, task) (for example delegate('capability:code-review', '...')); "
                + $"you are at delegation depth {invocation.Depth} and may hand out {invocation.Budget} more sub-task(s).",
            Model = agent.Model,
            MaxIterations = agent.MaxIterations,
            Editing = grant.Editing,
            RepositoryTools = grant.RepositoryTools,
            Policy = grant.Effective,
            Tools =
            [
                new RlmTool("delegate", "delegate(agent, task) -> str: hand a sub-task to another agent (by name, or 'capability:NAME') and get its answer.",
                    async (call, token) =>
                    {
                        var arguments = new HostArguments("delegate", call);
                        return JsonSerializer.SerializeToElement(await invocation.DelegateAsync(arguments.Text(0, "agent"), arguments.Text(1, "task"), token).ConfigureAwait(false));
                    }),
            ],
        };
        return await agents(agent).RunTaskAsync(task, cancellationToken).ConfigureAwait(false);
    }
}
