using System.Buffers.Binary;

namespace Memfun.Runtime.Nats;

/// <summary>
/// How a state value is stored in the KV bucket: one kind byte, then (for values with a TTL) the expiry as Unix
/// milliseconds, then the value. The server this tier supports (2.9+) has no per-key TTL, so expiry is kept here,
/// honoured by every read, and turned into an <c>Expire</c> change by writing an <see cref="Kind.Expired"/> marker.
/// </summary>
internal readonly record struct NatsValue(NatsValue.Kind Type, DateTimeOffset? ExpiresAt, ReadOnlyMemory<byte> Value)
{
    public enum Kind : byte
    {
        Plain = 0,
        Expiring = 1,
        Expired = 2,
    }

    public static byte[] Encode(ReadOnlySpan<byte> value, DateTimeOffset? expiresAt)
    {
        if (expiresAt is not { } at)
        {
            return [(byte)Kind.Plain, .. value];
        }

        var bytes = new byte[9 + value.Length];
        bytes[0] = (byte)Kind.Expiring;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), at.ToUnixTimeMilliseconds());
        value.CopyTo(bytes.AsSpan(9));
        return bytes;
    }

    public static byte[] ExpiredMarker { get; } = [(byte)Kind.Expired];

    public static NatsValue Decode(ReadOnlyMemory<byte> stored)
    {
        if (stored.IsEmpty)
        {
            return new NatsValue(Kind.Plain, null, stored);
        }

        return (Kind)stored.Span[0] switch
        {
            Kind.Expiring when stored.Length >= 9 => new NatsValue(Kind.Expiring, DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(stored.Span[1..])), stored[9..]),
            Kind.Expired => new NatsValue(Kind.Expired, null, ReadOnlyMemory<byte>.Empty),
            _ => new NatsValue(Kind.Plain, null, stored[1..]),
        };
    }

    public bool IsLive(DateTimeOffset now) => Type == Kind.Plain || (Type == Kind.Expiring && ExpiresAt > now);
}
