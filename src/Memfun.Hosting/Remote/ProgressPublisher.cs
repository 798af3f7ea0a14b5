using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Runtime.Events;

namespace Memfun.Hosting.Remote;

/// <summary>Publishes a run's events and its streamed reply, in order, to a task's progress topic (an observer of the worker's run).</summary>
/// <remarks>
/// Events are queued as they happen and published by one pump, so the run never waits on the tier. Progress is a
/// display and a trace copy: if the tier cannot take an event, the rest are dropped and the run goes on. The reply
/// is published a whole line at a time: a secret split across two pieces would slip past the redactor, and one
/// tier event per token would be wasteful.
/// </remarks>
internal sealed class ProgressPublisher : IRlmObserver, IAsyncDisposable
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Task _pump;
    private RlmTextDelta? _last;

    public ProgressPublisher(IEventBus bus, string topic, string attempt, string worker, SecretRedactor redactor)
    {
        _pump = Task.Run(async () =>
        {
            await foreach (var item in _events.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                var progress = item is RlmTextDelta delta
                    ? new RemoteProgress(attempt, worker, null, delta with { Text = redactor.Redact(delta.Text) })
                    : new RemoteProgress(attempt, worker, JsonDocument.Parse(redactor.Redact(JsonSerializer.Serialize((RlmEvent)item, TraceJson.Options))).RootElement.Clone());
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

    public void OnEvent(RlmEvent runEvent)
    {
        lock (_gate)
        {
            // A turn's event follows its last piece: what is left of the reply goes first.
            PublishPending(_pending.Length);
            _events.Writer.TryWrite(runEvent);
        }
    }

    public void OnTextDelta(RlmTextDelta delta)
    {
        lock (_gate)
        {
            if (_last is { } last && (last.RunId != delta.RunId || last.Turn != delta.Turn))
            {
                PublishPending(_pending.Length);
            }

            _last = delta;
            _pending.Append(delta.Text);
            var newline = delta.Text.LastIndexOf('\n');
            if (newline >= 0)
            {
                PublishPending(_pending.Length - (delta.Text.Length - newline - 1));
            }
        }
    }

    /// <summary>Publishes what is queued and stops.</summary>
    public async Task FlushAsync()
    {
        lock (_gate)
        {
            PublishPending(_pending.Length);
            _events.Writer.TryComplete();
        }

        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);

    // Callers hold _gate.
    private void PublishPending(int length)
    {
        if (length == 0 || _last is not { } last)
        {
            return;
        }

        _events.Writer.TryWrite(last with { Text = _pending.ToString(0, length) });
        _pending.Remove(0, length);
    }
}
