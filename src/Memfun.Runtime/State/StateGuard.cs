using Memfun.Core.Errors;
using Memfun.Runtime.Errors;

namespace Memfun.Runtime.State;

/// <summary>Argument checks every state store tier applies the same way.</summary>
internal static class StateGuard
{
    public static void Key(string key) => ArgumentException.ThrowIfNullOrEmpty(key);

    public static void Value(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl)
    {
        if (value.Length > IStateStore.MaxValueBytes)
        {
            throw new BackendException(
                MemfunErrorCodes.BackendPayloadTooLarge,
                $"The value for key '{key}' is {value.Length} bytes; the state store accepts at most {IStateStore.MaxValueBytes}.");
        }

        if (ttl is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A TTL must be positive.");
        }
    }

    /// <summary>Splits a watch target into the key or prefix and whether it is a prefix (<c>"agents/*"</c>).</summary>
    public static (string KeyOrPrefix, bool IsPrefix) WatchTarget(string keyOrPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyOrPrefix);
        return keyOrPrefix.EndsWith('*') ? (keyOrPrefix[..^1], true) : (keyOrPrefix, false);
    }

    public static bool Matches(string key, string keyOrPrefix, bool isPrefix) =>
        isPrefix ? key.StartsWith(keyOrPrefix, StringComparison.Ordinal) : string.Equals(key, keyOrPrefix, StringComparison.Ordinal);
}
