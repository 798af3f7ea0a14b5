using System.Globalization;
using System.Text;
using System.Text.Json;
using Memfun.Runtime;
using Memfun.Runtime.Agents;

namespace Memfun.Cli.Commands.Worker;

/// <summary>
/// A built-in worker agent that holds each task for the milliseconds in its payload (a JSON number), then returns
/// the worker's process id: a stand-in for long work, to see tasks shared and redelivered between workers.
/// While it holds a task, the key <c>workers/sleep/{task id}</c> names the process holding it.
/// </summary>
internal sealed class SleepAgent : BaseAgent
{
    public static string InFlightKey(string taskId) => "workers/sleep/" + taskId;

    public override string Name => "sleep";

    public override IReadOnlyList<string> Capabilities => ["sleep"];

    public override async Task<string> HandleAsync(AgentTask task, RuntimeContext context, CancellationToken cancellationToken)
    {
        var milliseconds = JsonSerializer.Deserialize<int>(task.Payload);
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var key = InFlightKey(task.TaskId);
        await context.State.SetAsync(key, Encoding.UTF8.GetBytes(pid), TimeSpan.FromMilliseconds(milliseconds) + TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), context.TimeProvider, cancellationToken).ConfigureAwait(false);
        await context.State.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        return pid;
    }
}
