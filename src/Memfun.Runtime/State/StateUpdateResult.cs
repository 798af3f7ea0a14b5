namespace Memfun.Runtime.State;

/// <summary>The outcome of <see cref="IStateStore.TryUpdateAsync"/>.</summary>
/// <param name="Succeeded">Whether the write happened.</param>
/// <param name="Revision">The new revision on success; the key's current revision (0 if absent) on conflict.</param>
public readonly record struct StateUpdateResult(bool Succeeded, ulong Revision);
