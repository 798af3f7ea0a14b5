using BenchmarkDotNet.Attributes;
using Memfun.Runtime;

namespace Memfun.Benchmarks.Runtime;

/// <summary>State store get and set per tier (one operation each).</summary>
[MemoryDiagnoser]
public class StateStoreBenchmarks
{
    private static readonly byte[] Value = new byte[256];
    private IRuntimeBackend _backend = null!;
    private string? _directory;
    private int _key;

    [Params("memory", "sqlite", "redis", "nats")]
    public string Tier { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_backend, _directory) = await TierFactory.OpenAsync(Tier);
        await _backend.StateStore.SetAsync("hot", Value);
    }

    [GlobalCleanup]
    public Task CleanupAsync() => TierFactory.CloseAsync(_backend, _directory);

    [Benchmark(Description = "state get")]
    public async Task<int> GetAsync() => (await _backend.StateStore.GetAsync("hot"))!.Value.Length;

    [Benchmark(Description = "state set")]
    public ValueTask<ulong> SetAsync() => _backend.StateStore.SetAsync($"key-{_key++ % 1000}", Value);
}
