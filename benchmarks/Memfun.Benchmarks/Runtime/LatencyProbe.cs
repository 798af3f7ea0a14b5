using System.Diagnostics;

namespace Memfun.Benchmarks.Runtime;

/// <summary>
/// `dotnet run -c Release -- latency`: p50/p99 of one publish → consume → ack round trip per tier, with a
/// consumer already waiting (BenchmarkDotNet reports means, not tail percentiles of a single hop).
/// </summary>
internal static class LatencyProbe
{
    public static async Task RunAsync(int samples = 2000)
    {
        Console.WriteLine("| Tier | p50 (µs) | p99 (µs) | samples |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var tier in new[] { "memory", "sqlite" })
        {
            var (backend, directory) = await TierFactory.OpenAsync(tier);
            var latencies = new List<double>(samples);
            var payload = new byte[256];
            await using (var consumer = backend.EventBus.SubscribeAsync("latency", "g", "c").GetAsyncEnumerator())
            {
                for (var i = 0; i < samples + 100; i++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    var next = consumer.MoveNextAsync();
                    await backend.EventBus.PublishAsync("latency", payload);
                    await next;
                    await backend.EventBus.AckAsync(consumer.Current);
                    if (i >= 100)
                    {
                        latencies.Add(stopwatch.Elapsed.TotalMicroseconds);
                    }
                }
            }

            latencies.Sort();
            Console.WriteLine($"| {tier} | {latencies[latencies.Count / 2]:0} | {latencies[(int)(latencies.Count * 0.99)]:0} | {samples} |");
            await TierFactory.CloseAsync(backend, directory);
        }
    }
}
