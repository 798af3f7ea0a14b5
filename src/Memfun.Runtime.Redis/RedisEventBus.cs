using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
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
internal sealed class RedisEventBus : IEventBus
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly RedisConnection _connection;
    private readonly RedisBackendOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RedisKeys _keys;
    private readonly SharedLoadCache<TopicOptions> _topics;
    private readonly ConcurrentDictionary<string, long> _ageTrims = new(StringComparer.Ordinal);
    private readonly ChangeSignal _changed = new();
    private long _lastFinalSweep;

    public RedisEventBus(RedisConnection connection, RedisBackendOptions options, TimeProvider timeProvider)
    {
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _keys = new RedisKeys(options.Namespace);
        _topics = new SharedLoadCache<TopicOptions>(LoadOptionsAsync);
    }

    private IDatabase Db => _connection.Database;

    public async ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        options ??= TopicOptions.Default;
        await _connection.RunAsync(() => Db.HashSetAsync(_keys.Topics, topic, Serialize(options)), cancellationToken).ConfigureAwait(false);
        _topics.Set(topic, options);
    }

    public async ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var stream = _keys.Topic(topic);
        if (await _connection.RunAsync(() => Db.KeyExistsAsync(stream), cancellationToken).ConfigureAwait(false))
        {
            var groups = await _connection.RunAsync(() => Db.StreamGroupInfoAsync(stream), cancellationToken).ConfigureAwait(false);
            var keys = groups.Select(g => _keys.Delayed(topic, g.Name)).Append(stream).ToArray();
            await _connection.RunAsync(() => Db.KeyDeleteAsync(keys), cancellationToken).ConfigureAwait(false);
        }

        await _connection.RunAsync(() => Db.HashDeleteAsync(_keys.Topics, topic), cancellationToken).ConfigureAwait(false);
        _topics.Remove(topic);
    }

    public async ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var stored = await _connection.RunAsync(() => Db.HashGetAsync(_keys.Topics, topic), cancellationToken).ConfigureAwait(false);
        if (stored.IsNull)
        {
            return null;
        }

        var options = Deserialize(stored);
        _topics.Set(topic, options);
        var count = await _connection.RunAsync(() => Db.StreamLengthAsync(_keys.Topic(topic)), cancellationToken).ConfigureAwait(false);
        return new TopicInfo(topic, options, count);
    }

    public async ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var topicOptions = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
        EventBusGuard.Payload(topic, payload, topicOptions);
        NameValueEntry[] fields = key is null ? [new("p", payload)] : [new("p", payload), new("k", key)];
        var stream = _keys.Topic(topic);
        var id = await _connection.RunAsync(
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
                if (idle || _timeProvider.GetElapsedTime(lastClaim) >= _options.PollInterval)
                {
                    lastClaim = _timeProvider.GetTimestamp();
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
            else if (!await ChangeSignal.WaitAsync(changed, _options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public async ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _connection.RunAsync(
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
        await _connection.RunAsync(
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
        var result = await _connection.RunAsync(
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
            entries = await _connection.RunAsync(() => Db.StreamReadGroupAsync(stream, group, consumer, ">", 1), cancellationToken).ConfigureAwait(false);
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
            var deadline = _timeProvider.GetUtcNow() + topicOptions.AckTimeout;
            await _connection.RunAsync(() => Db.SortedSetAddAsync(_keys.Finals, RedisKeys.FinalMember(topic, group, entry.Id.ToString()), deadline.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
        }

        return ToMessage(topic, group, entry.Id.ToString(), entry["p"], entry["k"], 1);
    }

    /// <summary>Dead-letters last deliveries that timed out, whoever they were delivered to (at most once per poll interval).</summary>
    private async Task SweepFinalsAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastFinalSweep);
        if (_timeProvider.GetElapsedTime(last, now) < _options.PollInterval || Interlocked.CompareExchange(ref _lastFinalSweep, now, last) != last)
        {
            return;
        }

        var due = await _connection.RunAsync(
            () => Db.SortedSetRangeByScoreAsync(_keys.Finals, double.NegativeInfinity, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), take: 100),
            cancellationToken).ConfigureAwait(false);
        foreach (var member in due)
        {
            var (topic, group, id) = RedisKeys.ParseFinalMember(member!);
            var topicOptions = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
            var moved = await _connection.RunAsync(
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
            await _connection.RunAsync(() => Db.StreamCreateConsumerGroupAsync(stream, group, "0-0", createStream: true), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists: keep its position.
        }
    }

    /// <summary>Gets a topic's options (cached in this process).</summary>
    private ValueTask<TopicOptions> OptionsAsync(string topic, CancellationToken cancellationToken) => _topics.GetAsync(topic, cancellationToken);

    /// <summary>Reads a topic's options, creating the topic with default options if nobody has.</summary>
    private async Task<TopicOptions> LoadOptionsAsync(string topic)
    {
        await _connection.RunAsync(() => Db.HashSetAsync(_keys.Topics, topic, Serialize(TopicOptions.Default), When.NotExists), CancellationToken.None).ConfigureAwait(false);
        var stored = await _connection.RunAsync(() => Db.HashGetAsync(_keys.Topics, topic), CancellationToken.None).ConfigureAwait(false);
        return stored.IsNull ? TopicOptions.Default : Deserialize(stored);
    }

    /// <summary>Trims events older than the topic's max age, at most once a second per topic, without waiting for it.</summary>
    private void TrimByAge(string topic, RedisKey stream, TopicOptions topicOptions)
    {
        var now = _timeProvider.GetTimestamp();
        var last = _ageTrims.GetOrAdd(topic, 0);
        if (_timeProvider.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || !_ageTrims.TryUpdate(topic, now, last))
        {
            return;
        }

        var oldest = (_timeProvider.GetUtcNow() - topicOptions.MaxAge).ToUnixTimeMilliseconds();
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
