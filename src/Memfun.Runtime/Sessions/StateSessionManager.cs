using System.Runtime.CompilerServices;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Internal;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Sessions;

/// <summary>Sessions on any tier's state store, updated with compare-and-set so concurrent writers never lose data.</summary>
public sealed class StateSessionManager(IStateStore store, TimeProvider? timeProvider = null) : ISessionManager
{
    private const string Prefix = "runtime/sessions/";
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public async ValueTask<Session> CreateAsync(IReadOnlyDictionary<string, string>? data = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var session = new Session(Guid.NewGuid().ToString("N"), now, now, null, new Dictionary<string, string>(data ?? new Dictionary<string, string>(), StringComparer.Ordinal), 0);
        var revision = await store.SetAsync(Prefix + session.Id, StateJson.Serialize(session), cancellationToken: cancellationToken).ConfigureAwait(false);
        return StateJson.WithRevision(session, revision);
    }

    /// <inheritdoc />
    public async ValueTask<Session?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return await StateJson.GetAsync<Session>(store, Prefix + sessionId, cancellationToken).ConfigureAwait(false) is { } found
            ? StateJson.WithRevision(found.Value, found.Revision)
            : null;
    }

    /// <inheritdoc />
    public async ValueTask<Session> UpdateAsync(string sessionId, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        while (true)
        {
            var current = await GetAsync(sessionId, cancellationToken).ConfigureAwait(false)
                ?? throw new SessionException(MemfunErrorCodes.SessionNotFound, $"There is no session '{sessionId}'.");
            if (current.IsEnded)
            {
                throw new SessionException($"Session '{sessionId}' has ended and can no longer be updated.");
            }

            var data = new Dictionary<string, string>(current.Data, StringComparer.Ordinal);
            foreach (var (key, value) in changes)
            {
                data[key] = value;
            }

            var updated = current with { Data = data, UpdatedAt = _time.GetUtcNow() };
            var result = await store.TryUpdateAsync(Prefix + sessionId, StateJson.Serialize(updated), current.Revision, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return StateJson.WithRevision(updated, result.Revision);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var current = await GetAsync(sessionId, cancellationToken).ConfigureAwait(false);
            if (current is null || current.IsEnded)
            {
                return false;
            }

            var now = _time.GetUtcNow();
            var ended = current with { EndedAt = now, UpdatedAt = now };
            if ((await store.TryUpdateAsync(Prefix + sessionId, StateJson.Serialize(ended), current.Revision, cancellationToken: cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                return true;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return store.DeleteAsync(Prefix + sessionId, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Session> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var key in store.ListKeysAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (await GetAsync(key[Prefix.Length..], cancellationToken).ConfigureAwait(false) is { } session)
            {
                yield return session;
            }
        }
    }
}
