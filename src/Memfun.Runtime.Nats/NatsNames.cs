using System.Text;

namespace Memfun.Runtime.Nats;

/// <summary>
/// Maps arbitrary topic, group and key strings onto the characters NATS allows in stream, consumer and KV key
/// names. Letters, digits, <c>-</c> (and <c>/</c> in keys) stay readable; every other UTF-8 byte becomes an escape,
/// so the mapping is reversible and distinct strings never collide.
/// </summary>
internal static class NatsNames
{
    /// <summary>Encodes for stream and consumer names and subject tokens: other bytes become <c>_XX</c>.</summary>
    public static string Token(string value) => Encode(value, '_', allowSlash: false);

    /// <summary>Encodes a state key for a KV bucket: other bytes become <c>=XX</c>.</summary>
    public static string Key(string value) => Encode(value, '=', allowSlash: true);

    /// <summary>Decodes <see cref="Key"/>.</summary>
    public static string DecodeKey(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '=' && i + 2 < encoded.Length)
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)encoded[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static string Encode(string value, char escape, bool allowSlash)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c == '-' || (allowSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(escape).Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
