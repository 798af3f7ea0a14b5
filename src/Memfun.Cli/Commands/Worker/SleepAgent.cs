using System.Globalization;
using System.Text.Json;
using Memfun.Core.Types;
using Memfun.Runtime;
using Memfun.Runtime.Agents;

namespace Memfun.Cli.Commands.Worker;

/// <summary>
/// A built-in worker agent that holds each task for the milliseconds in its payload (a JSON number), then returns
/// the worker's process id: a stand-in for long work, to see tasks shared and redelivered between workers.
/// </summary>
internal sealed class SleepAgent : BaseAgent
{
    public override string Name => "sleep";

    public override IReadOnlyList<string> Capabilities => ["sleep"];

    public override async Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken)
    {
        var milliseconds = JsonSerializer.Deserialize<int>(task.Payload);
        await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), context.TimeProvider, cancellationToken).ConfigureAwait(false);
        return Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }
}
