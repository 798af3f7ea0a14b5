using BenchmarkDotNet.Attributes;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Memfun.Benchmarks.Runtime;

/// <summary>The ceiling for the NATS tier: a raw NATS.Net JetStream publish loop (each publish awaits its ack), 1,000 in flight at once like the tier's publish row.</summary>
[MemoryDiagnoser]
public class RawNatsBenchmarks
{
    private const int Events = 1000;
    private static readonly byte[] Payload = new byte[256];
    private readonly string _stream = "rawbench" + Guid.NewGuid().ToString("N")[..12];
    private NatsConnection _nats = null!;
    private NatsJSContext _js = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _nats = new NatsConnection(new NatsOpts { Url = TierFactory.NatsUrl });
        await _nats.ConnectAsync();
        _js = new NatsJSContext(_nats);
        await _js.CreateStreamAsync(new StreamConfig(_stream, [_stream + ".>"]) { MaxMsgs = 100_000 });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _js.DeleteStreamAsync(_stream);
        await _nats.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "raw NATS.Net JetStream publish")]
    public Task PublishAsync() =>
        Task.WhenAll(Enumerable.Range(0, Events).Select(async _ => (await _js.PublishAsync(_stream + ".raw", Payload)).EnsureSuccess()));
}
