using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Memfun.Core.Types;
using Memfun.Runtime.Events;
using Memfun.Runtime.Internal;
using StackExchange.Redis;

namespace Memfun.Runtime.Redis;

/// <summary>
/// T2 event bus: one Redis Stream per topic, one consumer group per group. New events come from
/// <c>XREADGROUP</c>; deliveries whose ack timeout ran out are taken over with <c>XAUTOCLAIM</c> (which counts
/// deliveries); exhausted ones move to the dead-letter stream; <c>MAXLEN</c>/<c>MINID</c> bound retention.
/// </summary>
/// <remarks>
/// Topic options live in one hash so every process agrees on them; each process caches them after first use.
/// Last deliveries (<see cref="TopicOptions.MaxDeliveries"/> reached) are tracked in a sorted set by deadline, and
/// any polling consumer of any topic dead-letters the ones that time out, so nothing waits on one process.
/// </remarks>
internal sealed class RedisEventBus(RedisConnection connection, RedisBackendOptions options, TimeProvider timeProvider) : IEventBus
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly RedisKeys _keys = new(options.Namespace);
    private readonly ConcurrentDictionary<string, TopicOptions> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _ageTrims = new(StringComparer.Ordinal);
    private readonly ChangeSignal _changed = new();
    private long _lastFinalSweep;

    private IDatabase Db => connection.Database;

    public async ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        options ??= TopicOptions.Default;
        await connection.RunAsync(() => Db.HashSetAsync(_keys.Topics, topic, Serialize(options)), cancellationToken).ConfigureAwait(false);
        _topics[topic] = options;
    }

    public async ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var stream = _keys.Topic(topic);
        if (await connection.RunAsync(() => Db.KeyExistsAsync(stream), cancellationToken).ConfigureAwait(false))
        {
            var groups = await connection.RunAsync(() => Db.StreamGroupInfoAsync(stream), cancellationToken).ConfigureAwait(false);
            var keys = groups.Select(g => _keys.Delayed(topic, g.Name)).Append(stream).ToArray();
            await connection.RunAsync(() => Db.KeyDeleteAsync(keys), cancellationToken).ConfigureAwait(false);
        }

        await connection.RunAsync(() => Db.HashDeleteAsync(_keys.Topics, topic), cancellationToken).ConfigureAwait(false);
        _topics.TryRemove(topic, out _);
    }

    public async ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var stored = await connection.RunAsync(() => Db.HashGetAsync(_keys.Topics, topic), cancellationToken).ConfigureAwait(false);
        if (stored.IsNull)
        {
            return null;
        }

        var options = Deserialize(stored);
        _topics[topic] = options;
        var count = await connection.RunAsync(() => Db.StreamLengthAsync(_keys.Topic(topic)), cancellationToken).ConfigureAwait(false);
        return new TopicInfo(topic, options, count);
    }

    public async ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var topicOptions = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
        EventBusGuard.Payload(topic, payload, topicOptions);
        NameValueEntry[] fields = key is null ? [new("p", payload)] : [new("p", payload), new("k", key)];
        var stream = _keys.Topic(topic);
        var id = await connection.RunAsync(
            () => Db.StreamAddAsync(stream, fields, maxLength: topicOptions.MaxEvents, useApproximateMaxLength: false),
            cancellationToken).ConfigureAwait(false);
        TrimByAge(topic, stream, topicOptions);
        _changed.Notify();
        return id.ToString();
    }

    public async IAsyncEnumerable<EventMessage> SubscribeAsync(string topic, string group, string consumer, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EventBusGuard.Subscription(topic, group, consumer);
        var stream = _keys.Topic(topic);
        await EnsureGroupAsync(topic, stream, group, cancellationToken).ConfigureAwait(false);
        var lastClaim = 0L;
        var idle = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Observe();
            EventMessage? message;
            try
            {
                var topicOptions = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
                await SweepFinalsAsync(cancellationToken).ConfigureAwait(false);
                message = null;

                // Redeliveries are looked for when idle and at least every poll interval while busy.
                if (idle || timeProvider.GetElapsedTime(lastClaim) >= options.PollInterval)
                {
                    lastClaim = timeProvider.GetTimestamp();
                    message = await ClaimAsync(topic, stream, group, consumer, topicOptions, cancellationToken).ConfigureAwait(false);
                }

                message ??= await ReadNewAsync(topic, stream, group, consumer, topicOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            idle = message is null;
            if (message is not null)
            {
                yield return message;
            }
            else if (!await ChangeSignal.WaitAsync(changed, options.PollInterval, timeProvider, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public async ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await connection.RunAsync(
            () => Db.ScriptEvaluateAsync(
                RedisScripts.Ack,
                [_keys.Topic(message.Topic), _keys.Delayed(message.Topic, message.Group), _keys.Finals],
                [message.Group, message.DeliveryTag, RedisKeys.FinalMember(message.Topic, message.Group, message.DeliveryTag)]),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask NackAsync(EventMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var topicOptions = await OptionsAsync(message.Topic, cancellationToken).ConfigureAwait(false);
        await connection.RunAsync(
            () => Db.ScriptEvaluateAsync(
                RedisScripts.Nack,
                [_keys.Topic(message.Topic), _keys.Delayed(message.Topic, message.Group)],
                [message.Group, message.DeliveryTag, Milliseconds(topicOptions.AckTimeout), Milliseconds(delay ?? TimeSpan.Zero)]),
            cancellationToken).ConfigureAwait(false);
        _changed.Notify();
    }

    public ValueTask DisposeAsync()
    {
        _changed.Notify();
        return ValueTask.CompletedTask;
    }

    private async Task<EventMessage?> ClaimAsync(string topic, RedisKey stream, string group, string consumer, TopicOptions topicOptions, CancellationToken cancellationToken)
    {
        var deadLetter = TopicOptions.DeadLetterTopic(topic);
        var result = await connection.RunAsync(
            () => Db.ScriptEvaluateAsync(
                RedisScripts.Claim,
                [stream, _keys.Delayed(topic, group), _keys.Topic(deadLetter), _keys.Finals],
                [group, consumer, Milliseconds(topicOptions.AckTimeout), topicOptions.MaxDeliveries, RedisKeys.FinalMember(topic, group, string.Empty), TopicOptions.Default.MaxEvents]),
            cancellationToken).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        var fields = (RedisResult[])parts[1]!;
        RedisValue payload = RedisValue.Null, key = RedisValue.Null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            switch ((string?)fields[i])
            {
                case "p":
                    payload = (RedisValue)fields[i + 1];
                    break;
                case "k":
                    key = (RedisValue)fields[i + 1];
                    break;
            }
        }

        return ToMessage(topic, group, (string)parts[0]!, payload, key, (int)(long)parts[2]);
    }

    private async Task<EventMessage?> ReadNewAsync(string topic, RedisKey stream, string group, string consumer, TopicOptions topicOptions, CancellationToken cancellationToken)
    {
        StreamEntry[] entries;
        try
        {
            entries = await connection.RunAsync(() => Db.StreamReadGroupAsync(stream, group, consumer, ">", 1), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // The topic was deleted (and maybe re-created) under us: start again at its earliest event.
            await EnsureGroupAsync(topic, stream, group, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (entries.Length == 0)
        {
            return null;
        }

        var entry = entries[0];
        if (topicOptions.MaxDeliveries <= 1)
        {
            var deadline = timeProvider.GetUtcNow() + topicOptions.AckTimeout;
            await connection.RunAsync(() => Db.SortedSetAddAsync(_keys.Finals, RedisKeys.FinalMember(topic, group, entry.Id.ToString()), deadline.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
        }

        return ToMessage(topic, group, entry.Id.ToString(), entry["p"], entry["k"], 1);
    }

    /// <summary>Dead-letters last deliveries that timed out, whoever they were delivered to (at most once per poll interval).</summary>
    private async Task SweepFinalsAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastFinalSweep);
        if (timeProvider.GetElapsedTime(last, now) < options.PollInterval || Interlocked.CompareExchange(ref _lastFinalSweep, now, last) != last)
        {
            return;
        }

        var due = await connection.RunAsync(
            () => Db.SortedSetRangeByScoreAsync(_keys.Finals, double.NegativeInfinity, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), take: 100),
            cancellationToken).ConfigureAwait(false);
        foreach (var member in due)
        {
            var (topic, group, id) = RedisKeys.ParseFinalMember(member!);
            var topicOptions = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
            var moved = await connection.RunAsync(
                () => Db.ScriptEvaluateAsync(
                    RedisScripts.DeadLetter,
                    [_keys.Topic(topic), _keys.Topic(TopicOptions.DeadLetterTopic(topic)), _keys.Finals, _keys.Delayed(topic, group)],
                    [group, id, member, Milliseconds(topicOptions.AckTimeout), TopicOptions.Default.MaxEvents]),
                cancellationToken).ConfigureAwait(false);
            if ((long)moved > 0)
            {
                _changed.Notify();
            }
        }
    }

    private async Task EnsureGroupAsync(string topic, RedisKey stream, string group, CancellationToken cancellationToken)
    {
        await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.RunAsync(() => Db.StreamCreateConsumerGroupAsync(stream, group, "0-0", createStream: true), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists: keep its position.
        }
    }

    /// <summary>Gets a topic's options, creating the topic with default options if nobody has.</summary>
    private async ValueTask<TopicOptions> OptionsAsync(string topic, CancellationToken cancellationToken)
    {
        if (_topics.TryGetValue(topic, out var cached))
        {
            return cached;
        }

        await connection.RunAsync(() => Db.HashSetAsync(_keys.Topics, topic, Serialize(TopicOptions.Default), When.NotExists), cancellationToken).ConfigureAwait(false);
        var stored = await connection.RunAsync(() => Db.HashGetAsync(_keys.Topics, topic), cancellationToken).ConfigureAwait(false);
        return _topics[topic] = stored.IsNull ? TopicOptions.Default : Deserialize(stored);
    }

    /// <summary>Trims events older than the topic's max age, at most once a second per topic, without waiting for it.</summary>
    private void TrimByAge(string topic, RedisKey stream, TopicOptions topicOptions)
    {
        var now = timeProvider.GetTimestamp();
        var last = _ageTrims.GetOrAdd(topic, 0);
        if (timeProvider.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || !_ageTrims.TryUpdate(topic, now, last))
        {
            return;
        }

        var oldest = (timeProvider.GetUtcNow() - topicOptions.MaxAge).ToUnixTimeMilliseconds();
        _ = Db.StreamTrimByMinIdAsync(stream, oldest + "-0", useApproximateMaxLength: true, flags: CommandFlags.FireAndForget);
    }

    private static EventMessage ToMessage(string topic, string group, string id, RedisValue payload, RedisValue key, int deliveries)
    {
        var milliseconds = long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        return new EventMessage(id, topic, (byte[])payload! ?? [], key.IsNull ? null : (string?)key, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), group, deliveries, id);
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static string Serialize(TopicOptions options) => JsonSerializer.Serialize(options, Json);

    private static TopicOptions Deserialize(RedisValue stored) => JsonSerializer.Deserialize<TopicOptions>((string)stored!, Json) ?? TopicOptions.Default;
}
