using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Errors;

namespace Memfun.Skills.Agents;

/// <summary>A runtime agent made from an <c>AGENT.md</c>: registered under its name with its capabilities, it carries out tasks with an <see cref="IAgentExecutor"/>.</summary>
public sealed class DefinedAgent(AgentDefinition definition, IAgentExecutor executor, Delegator delegator) : BaseAgent
{
    /// <summary>Gets the definition.</summary>
    public AgentDefinition Definition { get; } = definition ?? throw new ArgumentNullException(nameof(definition));

    /// <inheritdoc />
    public override string Name => Definition.Name;

    /// <inheritdoc />
    public override IReadOnlyList<string> Capabilities => Definition.Capabilities;

    /// <inheritdoc />
    /// <remarks>A Memfun error is re-raised with its code in the message (<c>[MF3003] ...</c>) so the delegating side can restore it.</remarks>
    public override async Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var request = JsonSerializer.Deserialize<AgentRequest>(task.Payload)
            ?? throw new AgentException(MemfunErrorCodes.AgentInvalid, $"Agent '{Name}' received a task without a payload.");
        try
        {
            var answer = await executor.ExecuteAsync(Definition, delegator.Accept(Name, task, request), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Serialize(new AgentResponse(Name, answer));
        }
        catch (MemfunException e)
        {
            throw new AgentException(e.ErrorCode, $"[{e.ErrorCode}] {e.Message}", e);
        }
    }
}
