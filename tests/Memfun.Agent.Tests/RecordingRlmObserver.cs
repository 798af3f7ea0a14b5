using System.Collections.Concurrent;
using Memfun.Agent.Rlm;

namespace Memfun.Agent.Tests;

public sealed class RecordingRlmObserver : IRlmObserver
{
    private readonly ConcurrentQueue<RlmEvent> _events = new();

    public IReadOnlyList<RlmEvent> Events => [.. _events];

    public IReadOnlyList<T> OfType<T>() where T : RlmEvent => [.. _events.OfType<T>()];

    public void OnEvent(RlmEvent runEvent) => _events.Enqueue(runEvent);
}
