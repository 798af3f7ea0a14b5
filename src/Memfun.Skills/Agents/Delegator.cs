using System.Text.Json;
using System.Text.RegularExpressions;
using Memfun.Core.Errors;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Errors;

namespace Memfun.Skills.Agents;

/// <summary>
/// Sends tasks to defined agents through the runtime's orchestrator, so agents may run in this process or in
/// workers on any tier, and enforces the delegation limits: no loops, bounded depth, bounded budget.
/// </summary>
public sealed partial class Delegator(RuntimeContext context, IOrchestrator orchestrator, DelegationOptions? options = null)
{
    private const string CapabilityPrefix = "capability:";

    /// <summary>Gets the limits.</summary>
    public DelegationOptions Options { get; } = options ?? new DelegationOptions();

    /// <summary>Sends a user's task (depth 0) to the agent named <paramref name="target"/> or with that capability (<c>capability:review</c>).</summary>
    /// <exception cref="AgentException">No such agent, or the task failed (the agent's error code is kept).</exception>
    public Task<string> InvokeAsync(string target, string task, CancellationToken cancellationToken = default) =>
        SendAsync(target, task, [], 0, Options.MaxDelegations, null, null, cancellationToken);

    /// <summary>Starts a user's task (depth 0) carried out by <paramref name="agentName"/> in this process, for callers that run the agent themselves (<c>memfun agent run</c>).</summary>
    /// <param name="agentName">The agent doing the task.</param>
    /// <param name="task">The task.</param>
    /// <returns>The invocation, whose sub-tasks go through this delegator with the full budget.</returns>
    public AgentInvocation Start(string agentName, string task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentName);
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        return new AgentInvocation(this, task, [agentName], 0, Options.MaxDelegations, Guid.NewGuid().ToString("N"), null);
    }

    internal async Task<string> DelegateAsync(AgentInvocation from, string target, string task, CancellationToken cancellationToken)
    {
        if (from.Depth + 1 > Options.MaxDepth)
        {
            throw new AgentException(MemfunErrorCodes.AgentFailure,
                $"'{from.Chain[^1]}' cannot hand '{target}' a sub-task: the delegation depth limit is {Options.MaxDepth} ({string.Join(" → ", from.Chain)}).")
            {
                Hint = "Do the work in this agent, or hand it off earlier in the chain.",
            };
        }

        if (!from.TrySpend())
        {
            throw new AgentException(MemfunErrorCodes.AgentFailure, $"'{from.Chain[^1]}' cannot hand out more sub-tasks: the budget of {Options.MaxDelegations} delegations for this request is used up.");
        }

        return await SendAsync(target, task, from.Chain, from.Depth + 1, from.Budget, from.TaskId, from.CorrelationId ?? from.TaskId, cancellationToken).ConfigureAwait(false);
    }

    internal AgentInvocation Accept(string agentName, AgentTask task, AgentRequest request) =>
        new(this, request.Task, [.. request.Chain, agentName], task.Depth, request.Budget, task.TaskId, task.CorrelationId);

    private async Task<string> SendAsync(string target, string task, IReadOnlyList<string> chain, int depth, int budget, string? parent, string? correlation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        var name = await ResolveAsync(target.Trim(), cancellationToken).ConfigureAwait(false);
        if (chain.Contains(name, StringComparer.Ordinal))
        {
            throw new AgentException(MemfunErrorCodes.AgentDelegationLoop,
                $"Delegation loop: {string.Join(" → ", chain)} → {name}. '{name}' is already working on this request.")
            {
                Hint = "An agent may not hand a task back to one of the agents that handed it on; do the work or answer with what is known.",
            };
        }

        var payload = JsonSerializer.Serialize(new AgentRequest(task, chain, budget));
        var agentTask = new AgentTask(Guid.NewGuid().ToString("N"), "delegate", payload, correlation, parent, depth, context.TimeProvider.GetUtcNow());
        var result = await orchestrator.DispatchAsync(name, agentTask, Options.Timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var error = result.Error ?? "failed";
            var coded = CodedError().Match(error);
            throw coded.Success
                ? new AgentException(coded.Groups[1].Value, coded.Groups[2].Value)
                : new AgentException(MemfunErrorCodes.AgentFailure, $"Agent '{name}' failed: {error}");
        }

        return JsonSerializer.Deserialize<AgentResponse>(result.Output)?.Answer ?? "";
    }

    private async Task<string> ResolveAsync(string target, CancellationToken cancellationToken)
    {
        var byCapability = target.StartsWith(CapabilityPrefix, StringComparison.OrdinalIgnoreCase);
        var key = byCapability ? target[CapabilityPrefix.Length..].Trim() : target;
        if (!byCapability)
        {
            await foreach (var agent in context.Registry.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(agent.Name, key, StringComparison.Ordinal))
                {
                    return agent.Name;
                }
            }
        }

        var capable = await context.Registry.DiscoverAsync(key, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        return capable.Select(a => a.Name).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new AgentException(MemfunErrorCodes.AgentNotFound, $"No running agent is named '{key}' or has the capability '{key}'.")
            {
                Hint = "memfun agent list shows the defined agents and their capabilities.",
            };
    }

    [GeneratedRegex(@"^\[(MF\d{4})\] (.*)$", RegexOptions.Singleline)]
    private static partial Regex CodedError();
}
