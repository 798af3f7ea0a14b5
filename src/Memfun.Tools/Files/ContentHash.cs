using System.Security.Cryptography;
using System.Text;

namespace Memfun.Tools.Files;

/// <summary>SHA-256 fingerprints of file contents (lowercase hex), to tell whether a file changed since it was read.</summary>
public static class ContentHash
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Returns the fingerprint of bytes.</summary>
    /// <param name="bytes">The content.</param>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Returns the fingerprint of text as memfun writes it (UTF-8 without a byte-order mark).</summary>
    /// <param name="text">The content.</param>
    public static string OfText(string text) => Of(Utf8.GetBytes(text));

    /// <summary>Returns the fingerprint of a file's bytes, or null when there is no such file.</summary>
    /// <param name="path">A full path.</param>
    public static string? OfFile(string path) => File.Exists(path) ? Of(File.ReadAllBytes(path)) : null;
}
