using System.Runtime.CompilerServices;
using System.Text;
using Memfun.Runtime.Internal;
using Memfun.Runtime.State;
using StackExchange.Redis;

namespace Memfun.Runtime.Redis;

/// <summary>
/// T2 state store: one hash per key (value, revision, expiry) with a native Redis TTL, a namespace-wide revision
/// counter, a lexicographic index for listing, and a change stream that watches read without gaps.
/// </summary>
/// <remarks>
/// Every write is one Lua script, so the revision, the index and the change stream never disagree. Expiries are
/// enforced by Redis itself; the <c>Expire</c> change is appended by whichever process sweeps first (watches and
/// listings sweep), at most a poll interval late.
/// </remarks>
internal sealed class RedisStateStore : IStateStore
{
    private const int Page = 500;
    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;
    private readonly RedisBackendOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ChangeSignal _changed = new();
    private readonly Lock _gate = new();
    private Task? _subscribed;
    private long _lastSweep;

    public RedisStateStore(RedisConnection connection, RedisBackendOptions options, TimeProvider timeProvider)
    {
        _connection = connection;
        _options = options;
        _keys = new RedisKeys(options.Namespace);
        _timeProvider = timeProvider;
    }

    private IDatabase Db => _connection.Database;

    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        var fields = await _connection.RunAsync(() => Db.HashGetAsync(_keys.State(key), ["v", "r", "x"]), cancellationToken).ConfigureAwait(false);
        if (fields[1].IsNull)
        {
            return null;
        }

        DateTimeOffset? expiresAt = fields[2].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]);
        return new StateEntry(key, (byte[])fields[0]! ?? [], (ulong)fields[1], expiresAt);
    }

    public async ValueTask<ulong> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var result = await WriteAsync(key, value, -1, ttl, cancellationToken).ConfigureAwait(false);
        return result.Revision;
    }

    public ValueTask<StateUpdateResult> TryUpdateAsync(string key, ReadOnlyMemory<byte> value, ulong expectedRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        WriteAsync(key, value, (long)expectedRevision, ttl, cancellationToken);

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        var deleted = await _connection.RunAsync(
            () => Db.ScriptEvaluateAsync(RedisScripts.Delete, StateKeys(key), [key, _options.MaxChanges, _keys.StateChanged.ToString()]),
            cancellationToken).ConfigureAwait(false);
        _changed.Notify();
        return (long)deleted == 1;
    }

    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        return await _connection.RunAsync(() => Db.KeyExistsAsync(_keys.State(key)), cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await SweepAsync(force: true, cancellationToken).ConfigureAwait(false);

        // UTF-8 never contains the byte 0xFF, so "(prefix\xFF" bounds every key that starts with prefix.
        var bytes = Encoding.UTF8.GetBytes(prefix);
        RedisValue min = prefix.Length == 0 ? "-" : (byte[])[(byte)'[', .. bytes];
        RedisValue max = prefix.Length == 0 ? "+" : (byte[])[(byte)'(', .. bytes, 0xFF];
        for (var offset = 0; ; offset += Page)
        {
            var page = (RedisResult[])(await _connection.RunAsync(
                () => Db.ScriptEvaluateAsync(RedisScripts.ListKeys, [_keys.StateIndex], [_keys.StatePrefix.ToString(), min, max, offset, Page]),
                cancellationToken).ConfigureAwait(false))!;
            foreach (var key in (RedisResult[])page[1]!)
            {
                yield return Encoding.UTF8.GetString((byte[])key!);
            }

            if ((long)page[0] < Page)
            {
                yield break;
            }
        }
    }

    public async IAsyncEnumerable<StateChange> WatchAsync(string keyOrPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (target, isPrefix) = StateGuard.WatchTarget(keyOrPrefix);
        await EnsureSubscribedAsync().ConfigureAwait(false);
        var last = await _connection.RunAsync(() => Db.StreamRangeAsync(_keys.StateChanges, "-", "+", 1, Order.Descending), cancellationToken).ConfigureAwait(false);
        var position = last.Length == 0 ? "0-0" : last[0].Id.ToString();
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = _changed.Observe();
            StreamEntry[] entries;
            try
            {
                await SweepAsync(force: false, cancellationToken).ConfigureAwait(false);
                entries = await _connection.RunAsync(() => Db.StreamRangeAsync(_keys.StateChanges, "(" + position, "+", 256), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            foreach (var entry in entries)
            {
                position = entry.Id.ToString();
                var key = Encoding.UTF8.GetString((byte[])entry["k"]!);
                if (StateGuard.Matches(key, target, isPrefix))
                {
                    yield return ToChange(key, entry);
                }
            }

            if (entries.Length == 0 && !await ChangeSignal.WaitAsync(changed, _options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _changed.Notify();
        return ValueTask.CompletedTask;
    }

    private static StateChange ToChange(string key, StreamEntry entry)
    {
        var kind = (string?)entry["o"] switch
        {
            "p" => StateChangeKind.Put,
            "d" => StateChangeKind.Delete,
            _ => StateChangeKind.Expire,
        };
        return new StateChange(key, kind, kind == StateChangeKind.Put ? (byte[])entry["v"]! : ReadOnlyMemory<byte>.Empty, (ulong)entry["r"]);
    }

    private async ValueTask<StateUpdateResult> WriteAsync(string key, ReadOnlyMemory<byte> value, long expected, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        var ttlMs = ttl is { } t ? Math.Max(1, (long)Math.Ceiling(t.TotalMilliseconds)) : 0;
        var bytes = value.ToArray();
        var result = (RedisResult[])(await _connection.RunAsync(
            () => Db.ScriptEvaluateAsync(RedisScripts.Set, StateKeys(key), [key, bytes, ttlMs, expected, _options.MaxChanges, _keys.StateChanged.ToString()]),
            cancellationToken).ConfigureAwait(false))!;
        var succeeded = (long)result[0] == 1;
        if (succeeded)
        {
            _changed.Notify();
        }

        return new StateUpdateResult(succeeded, (ulong)(long)result[1]);
    }

    private RedisKey[] StateKeys(string key) => [_keys.State(key), _keys.StateIndex, _keys.StateRevision, _keys.StateChanges, _keys.StateTtl];

    /// <summary>Appends the <c>Expire</c> changes of keys whose TTL ran out (at most once per poll interval unless forced).</summary>
    private async Task SweepAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastSweep);
        if (!force && _timeProvider.GetElapsedTime(last, now) < _options.PollInterval)
        {
            return;
        }

        Interlocked.Exchange(ref _lastSweep, now);
        var expired = await _connection.RunAsync(
            () => Db.ScriptEvaluateAsync(
                RedisScripts.Expire,
                [_keys.StateTtl, _keys.StateIndex, _keys.StateRevision, _keys.StateChanges],
                [_keys.StatePrefix.ToString(), _options.MaxChanges, _keys.StateChanged.ToString(), 1000]),
            cancellationToken).ConfigureAwait(false);
        if ((long)expired > 0)
        {
            _changed.Notify();
        }
    }

    /// <summary>Other processes' writes publish on a channel; it wakes this process's watches early.</summary>
    private Task EnsureSubscribedAsync()
    {
        lock (_gate)
        {
            return _subscribed ??= _connection.Multiplexer.GetSubscriber().SubscribeAsync(_keys.StateChanged, (_, _) => _changed.Notify());
        }
    }
}
