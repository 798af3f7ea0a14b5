using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Memfun.Runtime.State;

namespace Memfun.Runtime.InProcess;

/// <summary>T0 state store: a dictionary with revisions, TTLs swept by a timer, and ordered watch channels.</summary>
internal sealed class InProcessStateStore : IStateStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StateEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<Watcher> _watchers = [];
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweeper;
    private ulong _revision;

    public InProcessStateStore(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _sweeper = timeProvider.CreateTimer(_ => SweepExpired(), null, SweepInterval, SweepInterval);
    }

    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        lock (_gate)
        {
            return ValueTask.FromResult(Live(key));
        }
    }

    public ValueTask<ulong> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        lock (_gate)
        {
            return ValueTask.FromResult(Write(key, value, ttl));
        }
    }

    public ValueTask<StateUpdateResult> TryUpdateAsync(string key, ReadOnlyMemory<byte> value, ulong expectedRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        StateGuard.Value(key, value, ttl);
        lock (_gate)
        {
            var current = Live(key)?.Revision ?? 0;
            return ValueTask.FromResult(current == expectedRevision
                ? new StateUpdateResult(true, Write(key, value, ttl))
                : new StateUpdateResult(false, current));
        }
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        lock (_gate)
        {
            if (Live(key) is null)
            {
                return ValueTask.FromResult(false);
            }

            _entries.Remove(key);
            Publish(new StateChange(key, StateChangeKind.Delete, ReadOnlyMemory<byte>.Empty, ++_revision));
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        StateGuard.Key(key);
        lock (_gate)
        {
            return ValueTask.FromResult(Live(key) is not null);
        }
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        List<string> keys;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            keys = _entries.Values
                .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && !IsExpired(e, now))
                .Select(e => e.Key)
                .Order(Utf8OrdinalComparer.Instance)
                .ToList();
        }

        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StateChange> WatchAsync(string keyOrPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (target, isPrefix) = StateGuard.WatchTarget(keyOrPrefix);
        var watcher = new Watcher(target, isPrefix, Channel.CreateUnbounded<StateChange>(new UnboundedChannelOptions { SingleReader = true }));
        lock (_gate)
        {
            _watchers.Add(watcher);
        }

        try
        {
            while (true)
            {
                StateChange change;
                try
                {
                    change = await watcher.Changes.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return change;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Changes.Writer.TryComplete();
            }
        }
    }

    private ulong Write(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl)
    {
        var revision = ++_revision;
        var copy = value.ToArray();
        _entries[key] = new StateEntry(key, copy, revision, ttl is { } t ? _timeProvider.GetUtcNow() + t : null);
        Publish(new StateChange(key, StateChangeKind.Put, copy, revision));
        return revision;
    }

    private StateEntry? Live(string key) =>
        _entries.TryGetValue(key, out var entry) && !IsExpired(entry, _timeProvider.GetUtcNow()) ? entry : null;

    private static bool IsExpired(StateEntry entry, DateTimeOffset now) => entry.ExpiresAt is { } at && at <= now;

    private void SweepExpired()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var entry in _entries.Values.Where(e => IsExpired(e, now)).ToList())
            {
                _entries.Remove(entry.Key);
                Publish(new StateChange(entry.Key, StateChangeKind.Expire, ReadOnlyMemory<byte>.Empty, ++_revision));
            }
        }
    }

    private void Publish(StateChange change)
    {
        foreach (var watcher in _watchers)
        {
            if (StateGuard.Matches(change.Key, watcher.Target, watcher.IsPrefix))
            {
                watcher.Changes.Writer.TryWrite(change);
            }
        }
    }

    private sealed record Watcher(string Target, bool IsPrefix, Channel<StateChange> Changes);
}
