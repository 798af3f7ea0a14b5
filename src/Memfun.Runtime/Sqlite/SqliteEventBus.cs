// Longer than our ~400-line guideline on purpose: publishing, claiming, acking, redelivery, dead-lettering and
// retention are one protocol over the same tables, statements and connection gate, and read best together.
using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Memfun.Runtime.Events;
using Memfun.Runtime.Internal;
using Microsoft.Data.Sqlite;

namespace Memfun.Runtime.Sqlite;

/// <summary>
/// T1 event bus. Publishes are group-committed: concurrent publishers share one transaction, and each call
/// returns once its event is committed. A claim (lease or redelivery) is one <c>BEGIN IMMEDIATE</c>
/// transaction, so consumers in several processes never take the same delivery.
/// </summary>
internal sealed class SqliteEventBus : IEventBus
{
    private const int MaxBatch = 512;
    private static readonly string[] TopicTables = ["events", "pending", "consumer_groups"];
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, TopicOptions> _options = new(StringComparer.Ordinal);
    private readonly Channel<PendingPublish> _publishes = Channel.CreateUnbounded<PendingPublish>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly SqliteConnectionGate _db;
    private readonly Task _writer;
    private readonly ChangeSignal _changed = new();

    private SqliteEventBus(SqliteConnection connection, TimeProvider timeProvider)
    {
        _db = new SqliteConnectionGate(connection);
        _timeProvider = timeProvider;
        _writer = Task.Run(WriteLoopAsync);
    }

    public static async Task<SqliteEventBus> OpenAsync(SqliteDatabase database, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        new(await database.ConnectAsync(cancellationToken).ConfigureAwait(false), timeProvider);

    public async ValueTask CreateTopicAsync(string topic, TopicOptions? options = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        options ??= TopicOptions.Default;
        await _db.WithTransactionAsync(async () =>
        {
            await using var command = _db.Command("""
                INSERT INTO topics(name, ack_timeout_ms, max_deliveries, max_events, max_age_ms, max_payload_bytes)
                VALUES($topic, $ack, $deliveries, $events, $age, $payload)
                ON CONFLICT(name) DO UPDATE SET ack_timeout_ms = $ack, max_deliveries = $deliveries, max_events = $events,
                    max_age_ms = $age, max_payload_bytes = $payload
                """, ("$topic", topic));
            AddOptions(command, options);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        _options[topic] = options;
    }

    public async ValueTask DeleteTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        await _db.WithTransactionAsync(async () =>
        {
            foreach (var table in TopicTables)
            {
                await using var command = _db.Command($"DELETE FROM {table} WHERE topic = $topic", ("$topic", topic));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var topics = _db.Command("DELETE FROM topics WHERE name = $topic", ("$topic", topic));
            await topics.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        _options.TryRemove(topic, out _);
    }

    public async ValueTask<TopicInfo?> GetTopicAsync(string topic, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        return await _db.WithConnectionAsync(async () =>
        {
            var options = await ReadOptionsAsync(topic, cancellationToken).ConfigureAwait(false);
            if (options is null)
            {
                return null;
            }

            await using var count = _db.Command("SELECT count(*) FROM events WHERE topic = $topic", ("$topic", topic));
            return new TopicInfo(topic, options, (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<string> PublishAsync(string topic, ReadOnlyMemory<byte> payload, string? key = null, CancellationToken cancellationToken = default)
    {
        EventBusGuard.Topic(topic);
        EventBusGuard.Payload(topic, payload, await OptionsAsync(topic, cancellationToken).ConfigureAwait(false));
        var publish = new PendingPublish(topic, payload.ToArray(), key);
        await _publishes.Writer.WriteAsync(publish, cancellationToken).ConfigureAwait(false);
        var id = await publish.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _changed.Notify();
        return id;
    }

    public async IAsyncEnumerable<EventMessage> SubscribeAsync(string topic, string group, string consumer, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EventBusGuard.Subscription(topic, group, consumer);
        await OptionsAsync(topic, cancellationToken).ConfigureAwait(false);
        await _db.WithTransactionAsync(async () =>
        {
            await using var ensureGroup = _db.Command("""
                INSERT INTO consumer_groups(topic, name, next_seq)
                VALUES($topic, $group, COALESCE((SELECT min(seq) FROM events WHERE topic = $topic), (SELECT COALESCE(max(seq), 0) + 1 FROM events)))
                ON CONFLICT(topic, name) DO NOTHING
                """, ("$topic", topic), ("$group", group));
            return await ensureGroup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Observe();
            EventMessage? message;
            try
            {
                message = await _db.WithTransactionAsync(() => ClaimAsync(topic, group, consumer, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (message is not null)
            {
                yield return message;
                continue;
            }

            // Publishes in this process wake us at once; other processes' are seen at the next poll.
            if (!await ChangeSignal.WaitAsync(changed, PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public async ValueTask AckAsync(EventMessage message, CancellationToken cancellationToken = default)
    {
        var sequence = EventBusGuard.ParseTag(message);
        await _db.WithTransactionAsync(async () =>
        {
            await using var command = _db.Command("DELETE FROM pending WHERE topic = $topic AND grp = $group AND seq = $seq",
                ("$topic", message.Topic), ("$group", message.Group), ("$seq", sequence));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask NackAsync(EventMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var sequence = EventBusGuard.ParseTag(message);
        var visibleAt = Now() + (long)(delay ?? TimeSpan.Zero).TotalMilliseconds;
        await _db.WithTransactionAsync(async () =>
        {
            await using var command = _db.Command("UPDATE pending SET visible_at = $visible, consumer = NULL WHERE topic = $topic AND grp = $group AND seq = $seq",
                ("$visible", visibleAt), ("$topic", message.Topic), ("$group", message.Group), ("$seq", sequence));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        _changed.Notify();
    }

    public async ValueTask DisposeAsync()
    {
        _publishes.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        await _db.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task<EventMessage?> ClaimAsync(string topic, string group, string consumer, CancellationToken cancellationToken)
    {
        var now = Now();
        await DeadLetterExhaustedAsync(now, cancellationToken).ConfigureAwait(false);
        var options = _options.TryGetValue(topic, out var cached) ? cached : await ReadOptionsAsync(topic, cancellationToken).ConfigureAwait(false) ?? TopicOptions.Default;

        // A lease that expired (or was nacked) is redelivered before anything new.
        await using (var expired = _db.Command("""
            SELECT p.seq, p.deliveries, e.event_key, e.payload, e.published_at
            FROM pending p JOIN events e ON e.seq = p.seq
            WHERE p.topic = $topic AND p.grp = $group AND p.visible_at <= $now
            ORDER BY p.seq LIMIT 1
            """, ("$topic", topic), ("$group", group), ("$now", now)))
        await using (var reader = await expired.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequence = reader.GetInt64(0);
                var deliveries = reader.GetInt32(1) + 1;
                var message = Read(reader, topic, group, sequence, deliveries);
                await reader.DisposeAsync().ConfigureAwait(false);
                await using var lease = _db.Command("UPDATE pending SET deliveries = $d, visible_at = $visible, consumer = $consumer WHERE topic = $topic AND grp = $group AND seq = $seq",
                    ("$d", deliveries), ("$visible", now + (long)options.AckTimeout.TotalMilliseconds), ("$consumer", consumer), ("$topic", topic), ("$group", group), ("$seq", sequence));
                await lease.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return message;
            }
        }

        await using (var fresh = _db.Command("""
            SELECT e.seq, 0, e.event_key, e.payload, e.published_at
            FROM events e
            WHERE e.topic = $topic AND e.seq >= (SELECT next_seq FROM consumer_groups WHERE topic = $topic AND name = $group)
            ORDER BY e.seq LIMIT 1
            """, ("$topic", topic), ("$group", group)))
        await using (var reader = await fresh.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var sequence = reader.GetInt64(0);
            var message = Read(reader, topic, group, sequence, 1);
            await reader.DisposeAsync().ConfigureAwait(false);
            await using var lease = _db.Command("""
                INSERT INTO pending(topic, grp, seq, deliveries, visible_at, consumer) VALUES($topic, $group, $seq, 1, $visible, $consumer);
                UPDATE consumer_groups SET next_seq = $seq + 1 WHERE topic = $topic AND name = $group;
                """, ("$topic", topic), ("$group", group), ("$seq", sequence), ("$visible", now + (long)options.AckTimeout.TotalMilliseconds), ("$consumer", consumer));
            await lease.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return message;
        }
    }

    /// <summary>Moves events whose last allowed delivery expired unacknowledged to their dead-letter topics.</summary>
    private async Task DeadLetterExhaustedAsync(long now, CancellationToken cancellationToken)
    {
        var exhausted = new List<(string Topic, string Group, long Sequence)>();
        await using (var query = _db.Command("""
            SELECT p.topic, p.grp, p.seq FROM pending p JOIN topics t ON t.name = p.topic
            WHERE p.visible_at <= $now AND p.deliveries >= t.max_deliveries
            """, ("$now", now)))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                exhausted.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        foreach (var (topic, group, sequence) in exhausted)
        {
            await EnsureTopicAsync(TopicOptions.DeadLetterTopic(topic), cancellationToken).ConfigureAwait(false);
            await using var move = _db.Command("""
                INSERT INTO events(topic, event_key, payload, published_at)
                    SELECT $dead, event_key, payload, $now FROM events WHERE seq = $seq;
                DELETE FROM pending WHERE topic = $topic AND grp = $group AND seq = $seq;
                """, ("$dead", TopicOptions.DeadLetterTopic(topic)), ("$now", now), ("$seq", sequence), ("$topic", topic), ("$group", group));
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingPublish>(MaxBatch);
        try
        {
            while (await _publishes.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _publishes.Reader.TryRead(out var publish))
                {
                    batch.Add(publish);
                }

                try
                {
                    var ids = await _db.WithTransactionAsync(() => InsertBatchAsync(batch, _stopping.Token), _stopping.Token).ConfigureAwait(false);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Completion.TrySetResult(ids[i]);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    batch.ForEach(p => p.Completion.TrySetException(e));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        while (_publishes.Reader.TryRead(out var left))
        {
            left.Completion.TrySetCanceled();
        }
    }

    private async Task<List<string>> InsertBatchAsync(List<PendingPublish> batch, CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var topic in batch.Select(p => p.Topic).Distinct(StringComparer.Ordinal))
        {
            await EnsureTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        }

        // The batch holds the database's write lock, so AUTOINCREMENT hands out consecutive ids from the
        // sequence's current value: read it once instead of reading each row's id back.
        long last;
        await using (var sequence = _db.Command("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)"))
        {
            last = (long)(await sequence.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var ids = new List<string>(batch.Count);
        await using var insert = _db.Command("INSERT INTO events(topic, event_key, payload, published_at) VALUES($topic, $key, $payload, $now)");
        var topicParameter = insert.Parameters.Add("$topic", SqliteType.Text);
        var keyParameter = insert.Parameters.Add("$key", SqliteType.Text);
        var payloadParameter = insert.Parameters.Add("$payload", SqliteType.Blob);
        insert.Parameters.AddWithValue("$now", now);
        foreach (var publish in batch)
        {
            topicParameter.Value = publish.Topic;
            keyParameter.Value = (object?)publish.Key ?? DBNull.Value;
            payloadParameter.Value = publish.Payload;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            ids.Add((++last).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var topic in batch.Select(p => p.Topic).Distinct(StringComparer.Ordinal))
        {
            await TrimAsync(topic, now, cancellationToken).ConfigureAwait(false);
        }

        return ids;
    }

    private async Task TrimAsync(string topic, long now, CancellationToken cancellationToken)
    {
        var options = (await ReadOptionsAsync(topic, cancellationToken).ConfigureAwait(false))!;
        var oldestAllowed = now - (long)Math.Min(options.MaxAge.TotalMilliseconds, now);
        await using (var bySize = _db.Command(
            "DELETE FROM events WHERE topic = $topic AND seq <= (SELECT seq FROM events WHERE topic = $topic ORDER BY seq DESC LIMIT 1 OFFSET $max)",
            ("$topic", topic), ("$max", options.MaxEvents)))
        {
            await bySize.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Events are appended in time order, so the oldest one (an index lookup) says whether any is too old.
        await using (var oldest = _db.Command("SELECT published_at FROM events WHERE topic = $topic ORDER BY seq LIMIT 1", ("$topic", topic)))
        {
            if (await oldest.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long publishedAt && publishedAt < oldestAllowed)
            {
                await using var byAge = _db.Command("DELETE FROM events WHERE topic = $topic AND published_at < $oldest", ("$topic", topic), ("$oldest", oldestAllowed));
                await byAge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using var orphans = _db.Command(
            "DELETE FROM pending WHERE topic = $topic AND seq < (SELECT COALESCE(min(seq), 0) FROM events WHERE topic = $topic)", ("$topic", topic));
        await orphans.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        await using var command = _db.Command("""
            INSERT INTO topics(name, ack_timeout_ms, max_deliveries, max_events, max_age_ms, max_payload_bytes)
            VALUES($topic, $ack, $deliveries, $events, $age, $payload) ON CONFLICT(name) DO NOTHING
            """, ("$topic", topic));
        AddOptions(command, TopicOptions.Default);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TopicOptions> OptionsAsync(string topic, CancellationToken cancellationToken)
    {
        if (_options.TryGetValue(topic, out var cached))
        {
            return cached;
        }

        return await _db.WithTransactionAsync(async () =>
        {
            var options = await ReadOptionsAsync(topic, cancellationToken).ConfigureAwait(false);
            if (options is null)
            {
                await EnsureTopicAsync(topic, cancellationToken).ConfigureAwait(false);
                options = TopicOptions.Default;
            }

            return _options[topic] = options;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TopicOptions?> ReadOptionsAsync(string topic, CancellationToken cancellationToken)
    {
        await using var command = _db.Command("SELECT ack_timeout_ms, max_deliveries, max_events, max_age_ms, max_payload_bytes FROM topics WHERE name = $topic", ("$topic", topic));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new TopicOptions
        {
            AckTimeout = TimeSpan.FromMilliseconds(reader.GetInt64(0)),
            MaxDeliveries = reader.GetInt32(1),
            MaxEvents = reader.GetInt64(2),
            MaxAge = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
            MaxPayloadBytes = reader.GetInt32(4),
        };
    }



    private static void AddOptions(SqliteCommand command, TopicOptions options)
    {
        command.Parameters.AddWithValue("$ack", (long)options.AckTimeout.TotalMilliseconds);
        command.Parameters.AddWithValue("$deliveries", options.MaxDeliveries);
        command.Parameters.AddWithValue("$events", options.MaxEvents);
        command.Parameters.AddWithValue("$age", (long)Math.Min(options.MaxAge.TotalMilliseconds, long.MaxValue / 2));
        command.Parameters.AddWithValue("$payload", options.MaxPayloadBytes);
    }

    private static EventMessage Read(SqliteDataReader reader, string topic, string group, long sequence, int deliveries)
    {
        var id = sequence.ToString(CultureInfo.InvariantCulture);
        return new EventMessage(
            id,
            topic,
            (byte[])reader.GetValue(3),
            reader.GetValue(2) as string,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            group,
            deliveries,
            id);
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();


    private sealed record PendingPublish(string Topic, byte[] Payload, string? Key)
    {
        public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
