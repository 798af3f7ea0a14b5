using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace Memfun.Benchmarks.Runtime;

/// <summary>The ceiling for the Redis tier: a raw StackExchange.Redis XADD loop, 1,000 entries in flight at once like the tier's publish row.</summary>
[MemoryDiagnoser]
public class RawRedisBenchmarks
{
    private const int Events = 1000;
    private static readonly byte[] Payload = new byte[256];
    private ConnectionMultiplexer _redis = null!;
    private IDatabase _db = null!;
    private readonly string _prefix = "raw-bench-" + Guid.NewGuid().ToString("N");
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var uri = new Uri(TierFactory.RedisUrl);
        _redis = await ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}");
        _db = _redis.GetDatabase();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        for (var i = 0; i < _round; i++)
        {
            await _db.KeyDeleteAsync($"{_prefix}:{i}");
        }

        await _redis.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "raw StackExchange.Redis XADD")]
    public Task XAddAsync()
    {
        RedisKey stream = $"{_prefix}:{_round++}";
        return Task.WhenAll(Enumerable.Range(0, Events).Select(_ => _db.StreamAddAsync(stream, "p", Payload)));
    }
}
