namespace Memfun.Runtime.State;

/// <summary>A key's current value in the state store.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value's bytes, exactly as written.</param>
/// <param name="Revision">The key's revision: strictly increasing over every write to the key.</param>
/// <param name="ExpiresAt">When the entry expires, if it was written with a TTL.</param>
public sealed record StateEntry(string Key, ReadOnlyMemory<byte> Value, ulong Revision, DateTimeOffset? ExpiresAt);
