using System.Collections.Concurrent;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Events;

namespace Memfun.Runtime.Conformance;

/// <summary>The semantics of <see cref="IEventBus"/> that every tier must honour.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class EventBusConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private static readonly TopicOptions Fast = new() { AckTimeout = TimeSpan.FromMilliseconds(400), MaxDeliveries = 3 };

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(EventMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    /// <summary>Reads <paramref name="count"/> deliveries (acking each unless told not to), failing after a deadline.</summary>
    protected async Task<List<EventMessage>> ConsumeAsync(string topic, string group, string consumer, int count, bool ack = true, TimeSpan? timeout = null)
    {
        var received = new List<EventMessage>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(15));
        await foreach (var message in Bus.SubscribeAsync(topic, group, consumer, deadline.Token))
        {
            received.Add(message);
            if (ack)
            {
                await Bus.AckAsync(message, Cancellation);
            }

            if (received.Count == count)
            {
                break;
            }
        }

        Assert.True(received.Count == count, $"Expected {count} deliveries on {topic}/{group}, got {received.Count}.");
        return received;
    }

    /// <summary>Returns the deliveries that arrive within <paramref name="window"/> (for "nothing more arrives" checks).</summary>
    protected async Task<List<EventMessage>> DrainAsync(string topic, string group, string consumer, TimeSpan window)
    {
        var received = new List<EventMessage>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(window);
        await foreach (var message in Bus.SubscribeAsync(topic, group, consumer, stop.Token))
        {
            received.Add(message);
        }

        return received;
    }

    [Fact]
    public async Task Publish_ThenSubscribe_DeliversPayloadKeyAndIdExactly()
    {
        var payload = new byte[] { 0, 1, 2, 255, 0, 10, 13 };
        var id = await Bus.PublishAsync("orders", payload, "key-1", Cancellation);

        var message = Assert.Single(await ConsumeAsync("orders", "g", "c1", 1));

        Assert.Equal(id, message.Id);
        Assert.Equal("orders", message.Topic);
        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Equal("key-1", message.Key);
        Assert.Equal("g", message.Group);
        Assert.Equal(1, message.DeliveryCount);
    }

    [Fact]
    public async Task NewGroup_StartsAtTheEarliestRetainedEvent()
    {
        await Bus.PublishAsync("jobs", Bytes("before-1"), cancellationToken: Cancellation);
        await Bus.PublishAsync("jobs", Bytes("before-2"), cancellationToken: Cancellation);

        var received = await ConsumeAsync("jobs", "late-group", "c", 2);

        Assert.Equal(["before-1", "before-2"], received.Select(Text));
    }

    [Fact]
    public async Task Groups_EachSeeEveryEvent()
    {
        for (var i = 0; i < 5; i++)
        {
            await Bus.PublishAsync("fan", Bytes($"e{i}"), cancellationToken: Cancellation);
        }

        var a = await ConsumeAsync("fan", "audit", "c", 5);
        var b = await ConsumeAsync("fan", "billing", "c", 5);

        Assert.Equal(a.Select(Text), b.Select(Text));
        Assert.Equal(5, a.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task OneConsumer_SeesEventsInPublishOrder()
    {
        var expected = Enumerable.Range(0, 40).Select(i => $"event-{i:D3}").ToList();
        foreach (var text in expected)
        {
            await Bus.PublishAsync("ordered", Bytes(text), cancellationToken: Cancellation);
        }

        var received = await ConsumeAsync("ordered", "g", "only", expected.Count);

        Assert.Equal(expected, received.Select(Text));
    }

    [Fact]
    public async Task CompetingConsumers_InOneGroup_ShareEventsWithoutDuplicates()
    {
        await Bus.CreateTopicAsync("work", new TopicOptions { AckTimeout = TimeSpan.FromSeconds(30) }, Cancellation);
        const int total = 60;
        var seen = new ConcurrentBag<string>();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        done.CancelAfter(TimeSpan.FromSeconds(20));
        var consumers = Enumerable.Range(0, 3).Select(c => Task.Run(async () =>
        {
            try
            {
                await foreach (var message in Bus.SubscribeAsync("work", "workers", $"w{c}", done.Token))
                {
                    seen.Add(Text(message));
                    await Bus.AckAsync(message, Cancellation);
                    if (seen.Count >= total)
                    {
                        await done.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();
        for (var i = 0; i < total; i++)
        {
            await Bus.PublishAsync("work", Bytes($"task-{i}"), cancellationToken: Cancellation);
        }

        await Task.WhenAll(consumers);

        Assert.Equal(total, seen.Count);
        Assert.Equal(total, seen.Distinct().Count());
    }

    [Fact]
    public async Task ManyPublishersAndConsumers_LoseNothing()
    {
        await Bus.CreateTopicAsync("load", new TopicOptions { AckTimeout = TimeSpan.FromSeconds(30) }, Cancellation);
        const int publishers = 4, perPublisher = 50, total = publishers * perPublisher;
        var acked = new ConcurrentDictionary<string, int>();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        done.CancelAfter(TimeSpan.FromSeconds(30));
        var consumers = Enumerable.Range(0, 3).Select(c => Task.Run(async () =>
        {
            try
            {
                await foreach (var message in Bus.SubscribeAsync("load", "g", $"c{c}", done.Token))
                {
                    acked.AddOrUpdate(Text(message), 1, (_, n) => n + 1);
                    await Bus.AckAsync(message, Cancellation);
                    if (acked.Count >= total)
                    {
                        await done.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToList();

        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perPublisher; i++)
            {
                await Bus.PublishAsync("load", Bytes($"p{p}-{i}"), cancellationToken: Cancellation);
            }
        })));
        await Task.WhenAll(consumers);

        Assert.Equal(total, acked.Count);
        Assert.All(acked.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Unacknowledged_IsRedeliveredAfterTheAckTimeout_WithAHigherCount()
    {
        await Bus.CreateTopicAsync("retry", Fast, Cancellation);
        await Bus.PublishAsync("retry", Bytes("once"), cancellationToken: Cancellation);

        var first = Assert.Single(await ConsumeAsync("retry", "g", "crashing-consumer", 1, ack: false));
        var second = Assert.Single(await ConsumeAsync("retry", "g", "other-consumer", 1));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task Acknowledged_IsNotRedelivered()
    {
        await Bus.CreateTopicAsync("acked", Fast, Cancellation);
        await Bus.PublishAsync("acked", Bytes("x"), cancellationToken: Cancellation);
        await ConsumeAsync("acked", "g", "c", 1);

        var later = await DrainAsync("acked", "g", "c", Fast.AckTimeout * 3);

        Assert.Empty(later);
    }

    [Fact]
    public async Task Nack_MakesTheEventAvailableAgainAfterTheDelay()
    {
        await Bus.CreateTopicAsync("nack", new TopicOptions { AckTimeout = TimeSpan.FromSeconds(30) }, Cancellation);
        await Bus.PublishAsync("nack", Bytes("again"), cancellationToken: Cancellation);
        var first = Assert.Single(await ConsumeAsync("nack", "g", "c", 1, ack: false));
        var delay = TimeSpan.FromMilliseconds(500);
        var nackedAt = DateTimeOffset.UtcNow;

        await Bus.NackAsync(first, delay, Cancellation);
        var again = Assert.Single(await ConsumeAsync("nack", "g", "c", 1));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, again.DeliveryCount);
        Assert.True(DateTimeOffset.UtcNow - nackedAt >= delay * 0.9, "redelivered before the nack delay");
    }

    [Fact]
    public async Task AfterMaxDeliveries_TheEventMovesToTheDeadLetterTopic()
    {
        await Bus.CreateTopicAsync("poison", Fast, Cancellation);
        await Bus.PublishAsync("poison", Bytes("bad"), "k", Cancellation);

        var deliveries = await ConsumeAsync("poison", "g", "c", Fast.MaxDeliveries, ack: false, TimeSpan.FromSeconds(20));
        var dead = Assert.Single(await ConsumeAsync(TopicOptions.DeadLetterTopic("poison"), "ops", "c", 1));
        var more = await DrainAsync("poison", "g", "c", Fast.AckTimeout * 3);

        Assert.Equal(Enumerable.Range(1, Fast.MaxDeliveries), deliveries.Select(d => d.DeliveryCount));
        Assert.Equal("bad", Text(dead));
        Assert.Equal("k", dead.Key);
        Assert.Empty(more);
    }

    [Fact]
    public async Task Retention_TrimsOldestEventsBeyondMaxEvents()
    {
        await Bus.CreateTopicAsync("bounded", new TopicOptions { MaxEvents = 10 }, Cancellation);
        for (var i = 0; i < 25; i++)
        {
            await Bus.PublishAsync("bounded", Bytes($"{i}"), cancellationToken: Cancellation);
        }

        var info = await Bus.GetTopicAsync("bounded", Cancellation);
        var received = await ConsumeAsync("bounded", "new-group", "c", 10);

        Assert.NotNull(info);
        Assert.Equal(10, info.EventCount);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => $"{i}"), received.Select(Text));
    }

    [Fact]
    public async Task OversizePayload_IsRefusedWithATypedError()
    {
        await Bus.CreateTopicAsync("small", new TopicOptions { MaxPayloadBytes = 16 }, Cancellation);

        var error = await Assert.ThrowsAsync<BackendException>(async () => await Bus.PublishAsync("small", new byte[17], cancellationToken: Cancellation));

        Assert.Equal(MemfunErrorCodes.BackendPayloadTooLarge, error.ErrorCode);
    }

    [Fact]
    public async Task DeleteTopic_RemovesItsEvents()
    {
        await Bus.PublishAsync("temp", Bytes("x"), cancellationToken: Cancellation);

        await Bus.DeleteTopicAsync("temp", Cancellation);
        await Bus.DeleteTopicAsync("temp", Cancellation);

        Assert.Null(await Bus.GetTopicAsync("temp", Cancellation));
        Assert.Empty(await DrainAsync("temp", "g", "c", TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task TopicAndKeyNames_WithQuotesUnicodeAndSqlAreKeptExactly()
    {
        const string topic = "t'; DROP TABLE events;--\"ü";
        await Bus.PublishAsync(topic, Bytes("payload"), "key'\"\0✓", Cancellation);

        var message = Assert.Single(await ConsumeAsync(topic, "g'\"", "c", 1));

        Assert.Equal(topic, message.Topic);
        Assert.Equal("key'\"\0✓", message.Key);
    }
}
