using Memfun.Runtime;
using Memfun.Runtime.Agents;

namespace Memfun.Cli.Commands.Worker;

/// <summary>A built-in worker agent that returns its task's payload: to check that a deployment routes tasks end to end.</summary>
internal sealed class EchoAgent : BaseAgent
{
    public override string Name => "echo";

    public override IReadOnlyList<string> Capabilities => ["echo"];

    public override Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken) => Task.FromResult(task.Payload);
}
