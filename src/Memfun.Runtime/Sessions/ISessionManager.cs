
namespace Memfun.Runtime.Sessions;

/// <summary>Sessions: conversations or jobs whose data survives a process restart on durable tiers.</summary>
public interface ISessionManager
{
    /// <summary>Creates a session with optional initial data.</summary>
    ValueTask<Session> CreateAsync(IReadOnlyDictionary<string, string>? data = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a session, ended or not; null when unknown.</summary>
    ValueTask<Session?> GetAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="changes"/> into a session's data (safe against concurrent updates).</summary>
    /// <exception cref="Memfun.Runtime.Errors.SessionException">The session does not exist or has ended.</exception>
    ValueTask<Session> UpdateAsync(string sessionId, IReadOnlyDictionary<string, string> changes, CancellationToken cancellationToken = default);

    /// <summary>Ends a session. Returns false when it was unknown or already ended.</summary>
    ValueTask<bool> EndAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a session and its data, ended or not. Returns false when it was unknown.</summary>
    ValueTask<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Lists every session.</summary>
    IAsyncEnumerable<Session> ListAsync(CancellationToken cancellationToken = default);
}
