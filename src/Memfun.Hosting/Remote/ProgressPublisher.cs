using System.Text.Json;
using System.Threading.Channels;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Runtime.Events;

namespace Memfun.Hosting.Remote;

/// <summary>Publishes a run's events, in order, to a task's progress topic (an observer of the worker's run).</summary>
/// <remarks>
/// Events are queued as they happen and published by one pump, so the run never waits on the tier. Progress is a
/// display and a trace copy: if the tier cannot take an event, the rest are dropped and the run goes on.
/// </remarks>
internal sealed class ProgressPublisher : IRlmObserver, IAsyncDisposable
{
    private readonly Channel<RlmEvent> _events = Channel.CreateUnbounded<RlmEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    public ProgressPublisher(IEventBus bus, string topic, string attempt, string worker, SecretRedactor redactor)
    {
        _pump = Task.Run(async () =>
        {
            await foreach (var runEvent in _events.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                var json = redactor.Redact(JsonSerializer.Serialize(runEvent, TraceJson.Options));
                var progress = new RemoteProgress(attempt, worker, JsonDocument.Parse(json).RootElement.Clone());
                try
                {
                    await bus.PublishAsync(topic, JsonSerializer.SerializeToUtf8Bytes(progress, RemoteJson.Options)).ConfigureAwait(false);
                }
                catch (MemfunException)
                {
                    return;
                }
            }
        });
    }

    public void OnEvent(RlmEvent runEvent) => _events.Writer.TryWrite(runEvent);

    /// <summary>Publishes what is queued and stops.</summary>
    public async Task FlushAsync()
    {
        _events.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);
}
