using BenchmarkDotNet.Attributes;
using Memfun.Runtime;

namespace Memfun.Benchmarks.Runtime;

/// <summary>Publish → consume → ack throughput per tier: 1,000 events published concurrently, then drained by one consumer.</summary>
[MemoryDiagnoser]
public class EventBusBenchmarks
{
    private const int Events = 1000;
    private static readonly byte[] Payload = new byte[256];
    private IRuntimeBackend _backend = null!;
    private string? _directory;
    private int _round;

    [Params("memory", "sqlite", "redis", "nats")]
    public string Tier { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync() => (_backend, _directory) = await TierFactory.OpenAsync(Tier);

    [GlobalCleanup]
    public Task CleanupAsync() => TierFactory.CloseAsync(_backend, _directory);

    [Benchmark(OperationsPerInvoke = Events, Description = "publish (concurrent, group-committed)")]
    public Task PublishAsync()
    {
        var topic = $"publish-{_round++}";
        return Task.WhenAll(Enumerable.Range(0, Events).Select(_ => _backend.EventBus.PublishAsync(topic, Payload).AsTask()));
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "publish + consume + ack")]
    public async Task PublishConsumeAckAsync()
    {
        var topic = $"round-{_round++}";
        await Task.WhenAll(Enumerable.Range(0, Events).Select(_ => _backend.EventBus.PublishAsync(topic, Payload).AsTask()));
        var received = 0;
        await foreach (var message in _backend.EventBus.SubscribeAsync(topic, "g", "c"))
        {
            await _backend.EventBus.AckAsync(message);
            if (++received == Events)
            {
                break;
            }
        }
    }
}
