using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Memfun.Tools.Web;

/// <summary>Reads a URL host that is an IP literal in any of the forms resolvers accept.</summary>
/// <remarks>
/// Besides dotted decimal and bracketed IPv6, <c>inet_aton</c> accepts one to four parts, each decimal, octal
/// (leading 0) or hexadecimal (0x): <c>2130706433</c>, <c>0x7f000001</c>, <c>0177.0.0.1</c> and <c>127.1</c> are all
/// 127.0.0.1. Such hosts never reach DNS, so they are classified here.
/// </remarks>
internal static class HostLiteral
{
    public static bool TryParse(string host, out IPAddress address)
    {
        address = IPAddress.None;
        var trimmed = host.Trim().TrimEnd('.');
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            trimmed = trimmed[1..^1];
        }

        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(trimmed, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        var parts = trimmed.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out values[i]))
            {
                return false;
            }
        }

        // The last part fills all remaining bytes; the others are one byte each.
        var lastBits = 8 * (5 - parts.Length);
        if (values[^1] >= 1UL << lastBits || values[..^1].Any(v => v > 255))
        {
            return false;
        }

        ulong value = values[^1];
        for (var i = 0; i < parts.Length - 1; i++)
        {
            value |= values[i] << (24 - (8 * i));
        }

        address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        return true;
    }

    private static bool TryParsePart(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0)
        {
            return false;
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return part.Length == 2 || ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part.AsSpan(1))
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                value = checked((value * 8) + (ulong)(c - '0'));
                if (value > uint.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }

        return part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= uint.MaxValue;
    }
}
