using System.Globalization;
using System.Text;

namespace Memfun.Skills.Definitions;

/// <summary>Reads a definition file (<c>SKILL.md</c>, <c>AGENT.md</c>) as text, up to <see cref="MaxBytes"/>.</summary>
/// <remarks>
/// The bytes are read whole and decoded as UTF-8, the encoding the Agent Skills format uses; a file with a UTF-16 or
/// UTF-32 byte order mark is read as <see cref="File.ReadAllText(string)"/> reads it. Reading bytes spares every listing
/// command the file stream, reader and decoder a first <see cref="File.ReadAllText(string)"/> sets up (issue 20). A
/// UTF-8 byte order mark stays in the text; the frontmatter parser drops it.
/// </remarks>
internal static class DefinitionText
{
    /// <summary>The largest definition file read (1 MiB): the format asks for a few hundred lines, and a cloned project's file must not fill the memory of every listing.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">It cannot be read, or it is larger than <see cref="MaxBytes"/>.</exception>
    public static string Read(string path)
    {
        byte[] bytes;
        using (var handle = File.OpenHandle(path))
        {
            var length = RandomAccess.GetLength(handle);
            if (length > MaxBytes)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"it is {length:N0} bytes, and a definition file may have at most {MaxBytes:N0}"));
            }

            bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is > 0 and var count)
            {
                read += count;
            }

            bytes = read == bytes.Length ? bytes : bytes[..read];
        }

        return bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0, 0, 0xFE, 0xFF, ..] ? File.ReadAllText(path) : Encoding.UTF8.GetString(bytes);
    }
}
