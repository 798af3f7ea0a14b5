namespace Memfun.Runtime.Sessions;

/// <summary>A conversation or job session. Immutable: updates produce a new value with a higher revision.</summary>
/// <param name="Id">The session id.</param>
/// <param name="CreatedAt">When the session was created.</param>
/// <param name="UpdatedAt">When the session was last updated.</param>
/// <param name="EndedAt">When the session was ended, if it was.</param>
/// <param name="Data">The session's string data (merged on update).</param>
/// <param name="Revision">The session's revision, for optimistic updates.</param>
public sealed record Session(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyDictionary<string, string> Data,
    ulong Revision)
{
    /// <summary>Gets a value indicating whether the session has been ended.</summary>
    public bool IsEnded => EndedAt is not null;
}
