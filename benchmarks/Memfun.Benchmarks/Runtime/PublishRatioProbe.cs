using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using StackExchange.Redis;

namespace Memfun.Benchmarks.Runtime;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Memfun.Benchmarks -- publish-ratio</c>: the distributed tiers'
/// publish throughput next to the raw client doing the same work (1,000 concurrent publishes of 256 bytes per
/// round), alternating rounds in one process so both see the same machine load; prints medians as Markdown.
/// </summary>
internal static class PublishRatioProbe
{
    private const int Events = 1000;
    private const int Rounds = 30;
    private static readonly byte[] Payload = new byte[256];

    public static async Task RunAsync()
    {
        Console.WriteLine("| Tier | ours (µs/event) | raw client (µs/event) | ours / raw throughput |");
        Console.WriteLine("|---|---:|---:|---:|");
        await CompareAsync("redis", RawRedisAsync);
        await CompareAsync("nats", RawNatsAsync);
    }

    private static async Task CompareAsync(string tier, Func<Task<Func<int, Task>>> openRaw)
    {
        var (backend, directory) = await TierFactory.OpenAsync(tier);
        var raw = await openRaw();
        var ours = new List<double>();
        var theirs = new List<double>();
        for (var round = -3; round < Rounds; round++)
        {
            var topic = $"ratio-{round + 3}";
            var a = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, Events).Select(_ => backend.EventBus.PublishAsync(topic, Payload).AsTask())));
            var b = await TimeAsync(() => raw(round + 3));
            if (round >= 0)
            {
                ours.Add(a);
                theirs.Add(b);
            }
        }

        await TierFactory.CloseAsync(backend, directory);
        var (o, r) = (Median(ours), Median(theirs));
        Console.WriteLine($"| {tier} | {o:0.0} | {r:0.0} | {r / o:0.00} |");
    }

    private static async Task<double> TimeAsync(Func<Task> round)
    {
        var stopwatch = Stopwatch.StartNew();
        await round();
        return stopwatch.Elapsed.TotalMicroseconds / Events;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static async Task<Func<int, Task>> RawRedisAsync()
    {
        var uri = new Uri(TierFactory.RedisUrl);
        var redis = await ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}");
        var db = redis.GetDatabase();
        var prefix = "raw-ratio-" + Guid.NewGuid().ToString("N");
        return async round =>
        {
            RedisKey stream = $"{prefix}:{round}";
            await Task.WhenAll(Enumerable.Range(0, Events).Select(_ => db.StreamAddAsync(stream, "p", Payload)));
            await db.KeyDeleteAsync(stream);
        };
    }

    private static async Task<Func<int, Task>> RawNatsAsync()
    {
        var nats = new NatsConnection(new NatsOpts { Url = TierFactory.NatsUrl });
        await nats.ConnectAsync();
        var js = new NatsJSContext(nats);
        var stream = "rawratio" + Guid.NewGuid().ToString("N")[..12];
        await js.CreateStreamAsync(new StreamConfig(stream, [stream + ".>"]) { MaxMsgs = 100_000 });
        return round => Task.WhenAll(Enumerable.Range(0, Events).Select(async _ => (await js.PublishAsync($"{stream}.{round}", Payload)).EnsureSuccess()));
    }
}
