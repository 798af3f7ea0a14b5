using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Events;
using Memfun.Runtime.Internal;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Memfun.Runtime.Nats;

/// <summary>
/// T3 event bus: one JetStream stream per topic (limits retention: <c>max_msgs</c>, <c>max_age</c>), one durable
/// pull consumer per group (explicit acks, <c>ack_wait</c> = the topic's ack timeout). Nacks are NAKs with a delay.
/// </summary>
/// <remarks>
/// <para>The consumers have no server-side delivery limit: a delivery past <see cref="TopicOptions.MaxDeliveries"/>
/// is copied to the dead-letter topic and terminated by whichever consumer receives it, and a last delivery that
/// times out in this process is dead-lettered by this process, so poison events never stall a group.</para>
/// <para>Topic options are kept in the stream's description, so every process agrees on them.</para>
/// </remarks>
internal sealed class NatsEventBus : IEventBus
{
    private const string KeyHeader = "Memfun-Key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly NatsConnectionHolder _connection;
    private readonly NatsBackendOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SharedLoadCache<TopicOptions> _topics;
    private readonly ConcurrentDictionary<string, FinalDelivery> _finals = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _inFlight;
    private readonly CancellationTokenSource _disposed = new();
    private int _sweeping;

    public NatsEventBus(NatsConnectionHolder connection, NatsBackendOptions options, TimeProvider timeProvider)
    {
        _connection = connection;
        _options = options;
        _timeProvider = timeProvider;
        _inFlight = new SemaphoreSlim(options.MaxPublishesInFlight);
        _topics = new SharedLoadCache<TopicOptions>(LoadOptionsAsync);
    }

    private NatsJSContext JetStream => _connection.JetStream;

    public async ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        options ??= TopicOptions.Default;
        await _connection.RunAsync(token => JetStream.CreateOrUpdateStreamAsync(StreamConfig(topic, options), token), cancellationToken).ConfigureAwait(false);
        _topics.Set(topic, options);
    }

    public async ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        _topics.Remove(topic);
        try
        {
            await _connection.RunAsync(token => JetStream.DeleteStreamAsync(StreamName(topic), token), cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            // Deleting a missing topic does nothing.
        }
    }

    public async ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        try
        {
            var stream = await _connection.RunAsync(token => JetStream.GetStreamAsync(StreamName(topic), cancellationToken: token), cancellationToken).ConfigureAwait(false);
            var options = Deserialize(stream.Info.Config.Description);
            _topics.Set(topic, options);
            return new TopicInfo(topic, options, (long)stream.Info.State.Messages);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    public async ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        var headers = key is null ? null : new NatsHeaders { [KeyHeader] = Uri.EscapeDataString(key) };
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var options = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
                EventBusGuard.Payload(topic, payload, options);
                var ack = await _connection.RunAsync(token => JetStream.TryPublishAsync(Subject(topic), payload, headers: headers, cancellationToken: token), cancellationToken).ConfigureAwait(false);
                if (ack.Success && ack.Value.Error is null)
                {
                    return ack.Value.Seq.ToString(CultureInfo.InvariantCulture);
                }

                // The stream was deleted since this process cached it (a reply topic, say): create it again once.
                _topics.Remove(topic);
                if (attempt == 2)
                {
                    var reason = ack.Success ? ack.Value.Error?.Description : ack.Error.Message;
                    throw new BackendException(MemfunErrorCodes.BackendUnavailable, $"The nats tier at {_connection.RedactedUrl} did not store the event for topic '{topic}': {reason}.");
                }
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public async IAsyncEnumerable<EventMessage> SubscribeAsync(string topic, string group, string consumer, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EventBusGuard.Subscription(topic, group, consumer);
        INatsJSConsumer? jsConsumer = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            INatsJSMsg<ReadOnlyMemory<byte>>? next;
            TopicOptions options;
            try
            {
                options = await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
                jsConsumer ??= await _connection.RunAsync(token => JetStream.CreateOrUpdateConsumerAsync(StreamName(topic), ConsumerConfig(group, options), token), cancellationToken).ConfigureAwait(false);
                next = await jsConsumer.NextAsync<ReadOnlyMemory<byte>>(opts: new NatsJSNextOpts { Expires = TimeSpan.FromSeconds(1) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                // The topic (or group) was deleted under us: create them again on the next round.
                _topics.Remove(topic);
                jsConsumer = null;
                continue;
            }
            catch (Exception e) when (NatsConnectionHolder.IsConnectionFailure(e, cancellationToken) || e is NatsJSProtocolException)
            {
                throw _connection.Unavailable(e);
            }

            if (next is not { } msg || msg.Metadata is not { } metadata || msg.ReplyTo is null)
            {
                continue;
            }

            var message = ToMessage(topic, group, msg, metadata);
            if (metadata.NumDelivered > (ulong)options.MaxDeliveries)
            {
                await DeadLetterAsync(message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (metadata.NumDelivered == (ulong)options.MaxDeliveries)
            {
                _finals[message.DeliveryTag] = new FinalDelivery(message, _timeProvider.GetUtcNow() + options.AckTimeout);
                StartSweeping();
            }

            yield return message;
        }
    }

    public async ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        _finals.TryRemove(message.DeliveryTag, out _);
        await ReplyAsync(message.DeliveryTag, "+ACK", cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask NackAsync(EventMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        _finals.TryRemove(message.DeliveryTag, out _);
        var nak = delay is { } d && d > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"-NAK {{\"delay\": {d.Ticks * 100}}}")
            : "-NAK";
        await ReplyAsync(message.DeliveryTag, nak, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        _disposed.Dispose();
        _inFlight.Dispose();
    }

    /// <summary>Acks (and the like) are requests, so the server has recorded them when this returns.</summary>
    private Task ReplyAsync(string replyTo, string body, CancellationToken cancellationToken) =>
        _connection.RunAsync(
            async token => await _connection.Connection.RequestAsync<byte[], byte[]>(replyTo, Encoding.ASCII.GetBytes(body), cancellationToken: token).ConfigureAwait(false),
            cancellationToken);

    private async Task DeadLetterAsync(EventMessage message, CancellationToken cancellationToken)
    {
        _finals.TryRemove(message.DeliveryTag, out _);
        await PublishAsync(TopicOptions.DeadLetterTopic(message.Topic), message.Payload, message.Key, cancellationToken).ConfigureAwait(false);
        await ReplyAsync(message.DeliveryTag, "+TERM", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dead-letters this process's last deliveries whose ack timeout ran out, while there are any.</summary>
    private void StartSweeping()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        var token = _disposed.Token;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    while (!_finals.IsEmpty)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, token).ConfigureAwait(false);
                        var now = _timeProvider.GetUtcNow();
                        foreach (var (tag, final) in _finals.Where(f => f.Value.Deadline <= now).ToList())
                        {
                            if (_finals.TryRemove(tag, out _))
                            {
                                await DeadLetterAsync(final.Message, token).ConfigureAwait(false);
                            }
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or BackendException or NatsException)
                {
                    // Disposed or disconnected: the server redelivers the event and its next consumer dead-letters it.
                }
                finally
                {
                    Volatile.Write(ref _sweeping, 0);
                    if (!_finals.IsEmpty && !token.IsCancellationRequested)
                    {
                        StartSweeping();
                    }
                }
            },
            CancellationToken.None);
    }

    private ValueTask<TopicOptions> OptionsAsync(string topic, CancellationToken cancellationToken) => _topics.GetAsync(topic, cancellationToken);

    /// <summary>Reads a topic's options, creating its stream with default options if nobody has.</summary>
    private async Task<TopicOptions> LoadOptionsAsync(string topic)
    {
        try
        {
            var stream = await _connection.RunAsync(token => JetStream.CreateStreamAsync(StreamConfig(topic, TopicOptions.Default), token), CancellationToken.None).ConfigureAwait(false);
            return Deserialize(stream.Info.Config.Description);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == 10058)
        {
            // Another process created it (maybe with other options): use what it stored.
            var stream = await _connection.RunAsync(token => JetStream.GetStreamAsync(StreamName(topic), cancellationToken: token), CancellationToken.None).ConfigureAwait(false);
            return Deserialize(stream.Info.Config.Description);
        }
    }

    private StreamConfig StreamConfig(string topic, TopicOptions options) => new(StreamName(topic), [Subject(topic)])
    {
        Description = JsonSerializer.Serialize(options, Json),
        Retention = StreamConfigRetention.Limits,
        Discard = StreamConfigDiscard.Old,
        MaxMsgs = options.MaxEvents,
        MaxAge = options.MaxAge,
        Storage = _options.FileStorage ? StreamConfigStorage.File : StreamConfigStorage.Memory,
    };

    private static ConsumerConfig ConsumerConfig(string group, TopicOptions options) => new("g-" + NatsNames.Token(group))
    {
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        AckWait = options.AckTimeout,
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
        MaxDeliver = -1,
    };

    private string StreamName(string topic) => _options.Namespace + "-t-" + NatsNames.Token(topic);

    private string Subject(string topic) => _options.Namespace + ".t." + NatsNames.Token(topic);

    private static EventMessage ToMessage(string topic, string group, INatsJSMsg<ReadOnlyMemory<byte>> msg, NatsJSMsgMetadata metadata)
    {
        string? key = msg.Headers is { } headers && headers.TryGetValue(KeyHeader, out var value) ? Uri.UnescapeDataString(value.ToString()) : null;
        return new EventMessage(
            metadata.Sequence.Stream.ToString(CultureInfo.InvariantCulture),
            topic,
            msg.Data.ToArray(),
            key,
            metadata.Timestamp,
            group,
            (int)metadata.NumDelivered,
            msg.ReplyTo!);
    }

    private static TopicOptions Deserialize(string? description)
    {
        try
        {
            return description is { Length: > 0 } ? JsonSerializer.Deserialize<TopicOptions>(description, Json) ?? TopicOptions.Default : TopicOptions.Default;
        }
        catch (JsonException)
        {
            return TopicOptions.Default;
        }
    }

    private sealed record FinalDelivery(EventMessage Message, DateTimeOffset Deadline);
}
