using System.Text.Json;
using Memfun.Agent.Rlm;

namespace Memfun.Hosting.Remote;

/// <summary>One event of a remote run, or a piece of its streamed reply, as the worker publishes it on the task's progress topic.</summary>
/// <param name="Attempt">The delivery attempt (a redelivered task runs again under a new attempt).</param>
/// <param name="Worker">Which worker runs it (<c>host/pid</c>).</param>
/// <param name="Event">The RLM event, in the trace's JSON form (secrets redacted); null for a piece of reply.</param>
/// <param name="Delta">Whole lines of the root model's reply as it streams (secrets redacted); null for an event.</param>
public sealed record RemoteProgress(string Attempt, string Worker, JsonElement? Event, RlmTextDelta? Delta = null)
{
    /// <summary>Returns the progress topic of a task.</summary>
    /// <param name="taskId">The task's id.</param>
    public static string Topic(string taskId) => $"tasks.{taskId}.progress";
}
