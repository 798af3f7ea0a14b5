using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Memfun.Runtime.State;
using NATS.Client.KeyValueStore;

namespace Memfun.Runtime.Nats;

/// <summary>
/// T3 state store: one KV bucket per namespace (history 1). Revisions are the bucket's stream sequence, so they
/// strictly increase across delete and re-create; compare-and-set is the bucket's expected-revision update.
/// </summary>
/// <remarks>
/// TTLs are kept in the stored value (<see cref="NatsValue"/>) because per-key TTLs need NATS 2.11. Reads ignore
/// expired entries; a watch that saw an entry with a TTL writes an expiry marker (compare-and-set on the revision it
/// saw, so concurrent watches write it once and a newer value is never hidden) which every watch reports as
/// <see cref="StateChangeKind.Expire"/>.
/// </remarks>
internal sealed class NatsStateStore(NatsConnectionHolder connection, INatsKVStore bucket, TimeProvider timeProvider) : IStateStore
{
    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        var (stored, revision) = await ReadAsync(NatsNames.Key(key), cancellationToken).ConfigureAwait(false);
        return stored is { } value && value.IsLive(timeProvider.GetUtcNow()) ? new StateEntry(key, value.Value, revision, value.ExpiresAt) : null;
    }

    public async ValueTask<ulong> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        var encoded = Encode(value, ttl);
        return await connection.RunAsync(token => bucket.PutAsync(NatsNames.Key(key), encoded, cancellationToken: token), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<StateUpdateResult> TryUpdateAsync(string key, ReadOnlyMemory<byte> value, ulong expectedRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        var name = NatsNames.Key(key);
        var encoded = Encode(value, ttl);
        var (stored, revision) = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var live = stored is { } s && s.IsLive(timeProvider.GetUtcNow());
        var current = live ? revision : 0;
        if (current != expectedRevision)
        {
            return new StateUpdateResult(false, current);
        }

        // An absent key is created; an expired one is overwritten at the revision of its stale entry.
        var result = stored is null
            ? await connection.RunAsync(token => bucket.TryCreateAsync(name, encoded, cancellationToken: token), cancellationToken).ConfigureAwait(false)
            : await connection.RunAsync(token => bucket.TryUpdateAsync(name, encoded, revision, cancellationToken: token), cancellationToken).ConfigureAwait(false);
        if (result.Success)
        {
            return new StateUpdateResult(true, result.Value);
        }

        var now = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return new StateUpdateResult(false, now?.Revision ?? 0);
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        var name = NatsNames.Key(key);
        while (true)
        {
            var (stored, revision) = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (stored is not { } value || !value.IsLive(timeProvider.GetUtcNow()))
            {
                return false;
            }

            var deleted = await connection.RunAsync(token => bucket.TryDeleteAsync(name, new NatsKVDeleteOpts { Revision = revision }, token), cancellationToken).ConfigureAwait(false);
            if (deleted.Success)
            {
                return true;
            }
        }
    }

    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var keys = new List<string>();
        var now = timeProvider.GetUtcNow();
        await foreach (var entry in ScanAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Operation == NatsKVOperation.Put && NatsValue.Decode(entry.Value ?? []).IsLive(now))
            {
                var key = NatsNames.DecodeKey(entry.Key);
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(Utf8OrdinalComparer.Instance);
        foreach (var key in keys)
        {
            yield return key;
        }
    }

    public async IAsyncEnumerable<StateChange> WatchAsync(string keyOrPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (target, isPrefix) = StateGuard.WatchTarget(keyOrPrefix);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var entries = Channel.CreateBounded<NatsKVEntry<byte[]>>(1024);

        // The watch starts at the bucket's end when its consumer is created (one step, so no write falls between
        // "now" and the start); the existing entries with a TTL are read meanwhile, so their expiry is reported too.
        var pump = PumpAsync(isPrefix ? ">" : NatsNames.Key(target), entries.Writer, stop.Token);
        var expiring = new Dictionary<string, (ulong Revision, DateTimeOffset ExpiresAt)>(StringComparer.Ordinal);
        try
        {
            await foreach (var entry in ScanAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = NatsNames.DecodeKey(entry.Key);
                if (StateGuard.Matches(key, target, isPrefix))
                {
                    Track(key, entry, expiring);
                }
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                NatsKVEntry<byte[]>? next;
                try
                {
                    next = await NextAsync(entries.Reader, expiring, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (next is null)
                {
                    continue;
                }

                var entry = next.Value;
                var key = NatsNames.DecodeKey(entry.Key);
                if (!StateGuard.Matches(key, target, isPrefix))
                {
                    continue;
                }

                var change = Track(key, entry, expiring);
                if (change is not null)
                {
                    yield return change;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static StateChange? Track(string key, NatsKVEntry<byte[]> entry, Dictionary<string, (ulong Revision, DateTimeOffset ExpiresAt)> expiring)
    {
        expiring.Remove(key);
        switch (entry.Operation)
        {
            case NatsKVOperation.Put:
                var value = NatsValue.Decode(entry.Value ?? []);
                if (value.Type == NatsValue.Kind.Expired)
                {
                    return new StateChange(key, StateChangeKind.Expire, ReadOnlyMemory<byte>.Empty, entry.Revision);
                }

                if (value.ExpiresAt is { } at)
                {
                    expiring[key] = (entry.Revision, at);
                }

                return new StateChange(key, StateChangeKind.Put, value.Value, entry.Revision);
            case NatsKVOperation.Del:
                return new StateChange(key, StateChangeKind.Delete, ReadOnlyMemory<byte>.Empty, entry.Revision);
            default:
                return null;
        }
    }

    /// <summary>Waits for the next entry, or until the earliest TTL seen runs out, then writes its expiry marker.</summary>
    private async Task<NatsKVEntry<byte[]>?> NextAsync(ChannelReader<NatsKVEntry<byte[]>> reader, Dictionary<string, (ulong Revision, DateTimeOffset ExpiresAt)> expiring, CancellationToken cancellationToken)
    {
        if (reader.TryRead(out var ready))
        {
            return ready;
        }

        var now = timeProvider.GetUtcNow();
        var due = expiring.Count == 0 ? default : expiring.MinBy(e => e.Value.ExpiresAt);
        if (due.Key is not null && due.Value.ExpiresAt <= now)
        {
            expiring.Remove(due.Key);
            await connection.RunAsync(
                token => bucket.TryUpdateAsync(NatsNames.Key(due.Key), NatsValue.ExpiredMarker, due.Value.Revision, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
            return null;
        }

        var wait = due.Key is null ? Timeout.InfiniteTimeSpan : due.Value.ExpiresAt - now;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (wait != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(wait);
        }

        try
        {
            return await reader.ReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException error)
        {
            throw error.InnerException ?? new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Reads the latest entry of every key (as of now), then stops.</summary>
    private async IAsyncEnumerable<NatsKVEntry<byte[]>> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A watch started on an empty bucket can miss its end-of-data signal when a write races it and then waits
        // for ever; an empty bucket has nothing to scan anyway.
        var status = await connection.RunAsync(token => bucket.GetStatusAsync(token), cancellationToken).ConfigureAwait(false);
        if (status.Info.State.Messages == 0)
        {
            yield break;
        }

        var opts = new NatsKVWatchOpts { OnNoData = _ => ValueTask.FromResult(true) };
        await foreach (var entry in bucket.WatchAsync<byte[]>(">", opts: opts, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
            if (entry.Delta == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Copies every change from now on into <paramref name="writer"/>.</summary>
    private async Task PumpAsync(string filter, ChannelWriter<NatsKVEntry<byte[]>> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var opts = new NatsKVWatchOpts { UpdatesOnly = true };
            await foreach (var entry in bucket.WatchAsync<byte[]>(filter, opts: opts, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = NatsConnectionHolder.IsConnectionFailure(e, cancellationToken) ? connection.Unavailable(e) : e;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private byte[] Encode(ReadOnlyMemory<byte> value, TimeSpan? ttl) =>
        NatsValue.Encode(value.Span, ttl is { } t ? timeProvider.GetUtcNow() + t : null);

    private async Task<(NatsValue? Value, ulong Revision)> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var result = await connection.RunAsync(token => bucket.TryGetEntryAsync<byte[]>(name, cancellationToken: token), cancellationToken).ConfigureAwait(false);
        return result.Success && result.Value.Operation == NatsKVOperation.Put
            ? (NatsValue.Decode(result.Value.Value ?? []), result.Value.Revision)
            : (null, 0);
    }
}
