namespace Memfun.Runtime.State;

/// <summary>One change seen by a watch on the state store.</summary>
/// <param name="Key">The key that changed.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Value">The new value for <see cref="StateChangeKind.Put"/>; empty otherwise.</param>
/// <param name="Revision">The key's revision after the change.</param>
public sealed record StateChange(string Key, StateChangeKind Kind, ReadOnlyMemory<byte> Value, ulong Revision);
