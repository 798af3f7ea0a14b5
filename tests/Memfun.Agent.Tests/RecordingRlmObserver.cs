using System.Collections.Concurrent;
using Memfun.Agent.Rlm;

namespace Memfun.Agent.Tests;

public sealed class RecordingRlmObserver : IRlmObserver
{
    private readonly ConcurrentQueue<object> _seen = new();

    public IReadOnlyList<RlmEvent> Events => [.. _seen.OfType<RlmEvent>()];

    /// <summary>Gets the pieces of streamed replies.</summary>
    public IReadOnlyList<RlmTextDelta> Deltas => [.. _seen.OfType<RlmTextDelta>()];

    /// <summary>Gets events and pieces together, in the order they arrived.</summary>
    public IReadOnlyList<object> Sequence => [.. _seen];

    /// <summary>Gets or sets what runs when a piece arrives (after it is recorded).</summary>
    public Action<RlmTextDelta>? DeltaReceived { get; set; }

    public IReadOnlyList<T> OfType<T>() where T : RlmEvent => [.. _seen.OfType<T>()];

    public void OnEvent(RlmEvent runEvent) => _seen.Enqueue(runEvent);

    public void OnTextDelta(RlmTextDelta delta)
    {
        _seen.Enqueue(delta);
        DeltaReceived?.Invoke(delta);
    }
}
