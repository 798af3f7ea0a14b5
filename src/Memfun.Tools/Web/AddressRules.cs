using System.Net;
using System.Net.Sockets;

namespace Memfun.Tools.Web;

/// <summary>Which IP addresses a web request may connect to.</summary>
/// <remarks>
/// Refused: unspecified, loopback, private (RFC 1918, IPv6 unique-local), link-local (and with it the
/// 169.254.169.254 cloud metadata address), multicast, broadcast and reserved, CGNAT (100.64.0.0/10, which
/// holds Alibaba's metadata address), benchmarking and documentation ranges, and IPv6 forms that embed an
/// IPv4 address (mapped, compatible, 6to4, NAT64, Teredo) when the embedded address is refused.
/// </remarks>
public static class AddressRules
{
    /// <summary>Returns why <paramref name="address"/> is refused, or null when it is a public address.</summary>
    /// <param name="address">The address.</param>
    public static string? WhyBlocked(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyBlockedV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => WhyBlockedV6(address),
            _ => "not an IP address",
        };
    }

    private static string? WhyBlockedV4(byte[] b) => (b[0], b[1]) switch
    {
        (0, _) => "an unspecified (0.0.0.0/8) address",
        (127, _) => "a loopback address",
        (10, _) => "a private address",
        (172, >= 16 and <= 31) => "a private address",
        (192, 168) => "a private address",
        (169, 254) => b[2] == 169 && b[3] == 254 ? "the cloud metadata address" : "a link-local address",
        (100, >= 64 and <= 127) => "a carrier-grade NAT (100.64.0.0/10) address",
        (192, 0) when b[2] is 0 or 2 => "a reserved IETF address",
        (198, 18 or 19) => "a benchmarking address",
        (198, 51) when b[2] == 100 => "a documentation address",
        (203, 0) when b[2] == 113 => "a documentation address",
        ( >= 224 and <= 239, _) => "a multicast address",
        ( >= 240, _) => b.All(x => x == 255) ? "the broadcast address" : "a reserved address",
        _ => null,
    };

    private static string? WhyBlockedV6(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return WhyBlockedV4(address.MapToIPv4().GetAddressBytes()) is { } reason ? reason + " (IPv4-mapped)" : null;
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any))
        {
            return "an unspecified address";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "a loopback address";
        }

        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            // IPv4-compatible ::a.b.c.d (deprecated, but some stacks still route it).
            return WhyBlockedV4(b[12..]) is { } reason ? reason + " (IPv4-compatible)" : null;
        }

        if (b[0] == 0xff)
        {
            return "a multicast address";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "a link-local address";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return "a site-local address";
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return "a unique-local (private) address";
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return WhyBlockedV4(b[2..6]) is { } reason ? reason + " (6to4)" : null;
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return WhyBlockedV4(b[12..]) is { } reason ? reason + " (NAT64)" : null;
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            return "a Teredo tunnel address";
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return "a documentation address";
        }

        return null;
    }
}
