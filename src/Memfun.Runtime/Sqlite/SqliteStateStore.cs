using System.Runtime.CompilerServices;
using System.Text;
using Memfun.Runtime.Internal;
using Memfun.Runtime.State;
using Microsoft.Data.Sqlite;

namespace Memfun.Runtime.Sqlite;

/// <summary>
/// T1 state store. Every write appends to a change log whose sequence number is the key's new revision, so
/// revisions rise across delete and re-create, and watches in any process replay the log in order.
/// Keys are stored as UTF-8 bytes: prefix scans are exact byte ranges (no LIKE escaping, NUL-safe).
/// </summary>
/// <remarks>The change log keeps the last 100,000 changes and at least an hour: a watcher that falls further behind misses changes.</remarks>
internal sealed class SqliteStateStore : IStateStore
{
    private const long KeptChanges = 100_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan KeptChangeAge = TimeSpan.FromHours(1);
    private readonly SqliteConnectionGate _db;
    private readonly TimeProvider _timeProvider;
    private readonly ChangeSignal _changed = new();

    private SqliteStateStore(SqliteConnection connection, TimeProvider timeProvider)
    {
        _db = new SqliteConnectionGate(connection);
        _timeProvider = timeProvider;
    }

    public static async Task<SqliteStateStore> OpenAsync(SqliteDatabase database, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        new(await database.ConnectAsync(cancellationToken).ConfigureAwait(false), timeProvider);

    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        return await _db.WithConnectionAsync(() => ReadLiveAsync(key, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ulong> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        var revision = await _db.WithTransactionAsync(() => WriteAsync(key, value, ttl, cancellationToken), cancellationToken).ConfigureAwait(false);
        _changed.Notify();
        return revision;
    }

    public async ValueTask<StateUpdateResult> TryUpdateAsync(string key, ReadOnlyMemory<byte> value, ulong expectedRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        var result = await _db.WithTransactionAsync(async () =>
        {
            var current = (await ReadLiveAsync(key, cancellationToken).ConfigureAwait(false))?.Revision ?? 0;
            return current == expectedRevision
                ? new StateUpdateResult(true, await WriteAsync(key, value, ttl, cancellationToken).ConfigureAwait(false))
                : new StateUpdateResult(false, current);
        }, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            _changed.Notify();
        }

        return result;
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        var deleted = await _db.WithTransactionAsync(async () =>
        {
            if (await ReadLiveAsync(key, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            await RemoveAsync(key, StateChangeKind.Delete, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            _changed.Notify();
        }

        return deleted;
    }

    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var keys = await _db.WithConnectionAsync(async () =>
        {
            var lower = Encoding.UTF8.GetBytes(prefix);
            await using var command = _db.Command(
                "SELECT key FROM state WHERE key >= $lower AND ($upper IS NULL OR key < $upper) AND (expires_at IS NULL OR expires_at > $now) ORDER BY key",
                ("$lower", lower), ("$upper", lower.Length == 0 ? null : (byte[])[.. lower, 0xFF]), ("$now", Now()));
            var result = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(Encoding.UTF8.GetString((byte[])reader.GetValue(0)));
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            yield return key;
        }
    }

    public async IAsyncEnumerable<StateChange> WatchAsync(string keyOrPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (target, isPrefix) = StateGuard.WatchTarget(keyOrPrefix);
        long last;
        try
        {
            last = await _db.WithTransactionAsync(async () =>
            {
                await using var command = _db.Command("SELECT COALESCE(max(seq), 0) FROM state_changes");
                return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            yield break;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Observe();
            List<(long Sequence, StateChange Change)> batch;
            try
            {
                batch = await _db.WithTransactionAsync(async () =>
                {
                    await SweepAsync(cancellationToken).ConfigureAwait(false);
                    return await ReadChangesAsync(last, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            foreach (var (sequence, change) in batch)
            {
                last = sequence;
                if (StateGuard.Matches(change.Key, target, isPrefix))
                {
                    yield return change;
                }
            }

            if (batch.Count > 0)
            {
                continue;
            }

            if (!await ChangeSignal.WaitAsync(changed, PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task<StateEntry?> ReadLiveAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = _db.Command("SELECT value, revision, expires_at FROM state WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)",
            ("$key", Encoding.UTF8.GetBytes(key)), ("$now", Now()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StateEntry(
            key,
            (byte[])reader.GetValue(0),
            (ulong)reader.GetInt64(1),
            reader.GetValue(2) is long expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null);
    }

    private async Task<ulong> WriteAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var valueBytes = value.ToArray();
        var now = Now();
        await using var command = _db.Command("""
            INSERT INTO state_changes(key, kind, value, at) VALUES($key, $kind, $value, $now);
            INSERT INTO state(key, value, revision, expires_at) VALUES($key, $value, last_insert_rowid(), $expires)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, revision = excluded.revision, expires_at = excluded.expires_at;
            SELECT revision FROM state WHERE key = $key;
            """,
            ("$key", keyBytes), ("$kind", (int)StateChangeKind.Put), ("$value", valueBytes), ("$now", now),
            ("$expires", ttl is { } t ? now + (long)Math.Ceiling(t.TotalMilliseconds) : null));
        return (ulong)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task RemoveAsync(string key, StateChangeKind kind, CancellationToken cancellationToken)
    {
        await using var command = _db.Command("""
            DELETE FROM state WHERE key = $key;
            INSERT INTO state_changes(key, kind, value, at) VALUES($key, $kind, NULL, $now);
            """, ("$key", Encoding.UTF8.GetBytes(key)), ("$kind", (int)kind), ("$now", Now()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes expired entries (logging an Expire change for each) and trims the change log.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var expired = new List<string>();
        await using (var query = _db.Command("SELECT key FROM state WHERE expires_at IS NOT NULL AND expires_at <= $now", ("$now", now)))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                expired.Add(Encoding.UTF8.GetString((byte[])reader.GetValue(0)));
            }
        }

        foreach (var key in expired)
        {
            await RemoveAsync(key, StateChangeKind.Expire, cancellationToken).ConfigureAwait(false);
        }

        await using var trim = _db.Command("DELETE FROM state_changes WHERE seq <= (SELECT max(seq) FROM state_changes) - $kept AND at < $oldest",
            ("$kept", KeptChanges), ("$oldest", now - (long)KeptChangeAge.TotalMilliseconds));
        await trim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<(long, StateChange)>> ReadChangesAsync(long after, CancellationToken cancellationToken)
    {
        await using var command = _db.Command("SELECT seq, key, kind, value FROM state_changes WHERE seq > $after ORDER BY seq LIMIT 1000", ("$after", after));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<(long, StateChange)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            changes.Add((sequence, new StateChange(
                Encoding.UTF8.GetString((byte[])reader.GetValue(1)),
                (StateChangeKind)reader.GetInt32(2),
                reader.GetValue(3) as byte[] ?? ReadOnlyMemory<byte>.Empty,
                (ulong)sequence)));
        }

        return changes;
    }



    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

}
