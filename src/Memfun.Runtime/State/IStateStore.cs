
namespace Memfun.Runtime.State;

/// <summary>A key-value store with revisions, TTLs and watches (shaped after a NATS KV bucket).</summary>
/// <remarks>
/// <para>Semantics every tier honours (proven by the conformance suite):</para>
/// <list type="bullet">
/// <item>Keys are any non-empty string (quotes, NULs, unicode, SQL fragments); values are stored and returned
/// byte for byte.</item>
/// <item>Each key's revision strictly increases over every write to it, including across delete and
/// re-create. Revisions are not necessarily consecutive.</item>
/// <item>An entry written with a TTL disappears when it runs out: reads, <see cref="ExistsAsync"/> and
/// <see cref="ListKeysAsync"/> stop seeing it, and watchers get an <see cref="StateChangeKind.Expire"/>
/// change (within about a second).</item>
/// <item>A watch sees every change made after it started, in order, with no gaps.</item>
/// <item>Values larger than <see cref="MaxValueBytes"/> are refused with a
/// <see cref="Memfun.Runtime.Errors.BackendException"/> (code <c>MF2002</c>).</item>
/// </list>
/// </remarks>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>The largest value any tier accepts (1 MiB, the NATS default payload limit).</summary>
    const int MaxValueBytes = 1024 * 1024;

    /// <summary>Gets a key's entry, or <see langword="null"/> if it does not exist (or expired).</summary>
    ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a value (with an optional TTL) and returns the key's new revision.</summary>
    ValueTask<ulong> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a value only if the key's current revision is <paramref name="expectedRevision"/>
    /// (0 means "only if the key does not exist"). A conflict is a result, not an exception.
    /// </summary>
    ValueTask<StateUpdateResult> TryUpdateAsync(string key, ReadOnlyMemory<byte> value, ulong expectedRevision, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key. Returns whether it existed.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Returns whether a key exists (and has not expired).</summary>
    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the live keys that start with <paramref name="prefix"/> (all keys for an empty prefix), in the byte order of their UTF-8 encoding.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix = "", CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the changes to one key, or to every key under a prefix when <paramref name="keyOrPrefix"/>
    /// ends with <c>*</c> (<c>"agents/*"</c>; a lone <c>"*"</c> watches everything). The stream ends when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<StateChange> WatchAsync(string keyOrPrefix, CancellationToken cancellationToken = default);
}
