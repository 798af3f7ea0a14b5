using System.Text;

namespace Memfun.Skills.Definitions;

/// <summary>Reads a definition file (<c>SKILL.md</c>, <c>AGENT.md</c>) as text.</summary>
/// <remarks>
/// The bytes are read whole and decoded as UTF-8, the encoding the Agent Skills format uses; a file with a UTF-16 or
/// UTF-32 byte order mark is read as <see cref="File.ReadAllText(string)"/> reads it. Reading bytes spares every listing
/// command the file stream, reader and decoder a first <see cref="File.ReadAllText(string)"/> sets up (issue 20). A
/// UTF-8 byte order mark stays in the text; the frontmatter parser drops it.
/// </remarks>
internal static class DefinitionText
{
    public static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0, 0, 0xFE, 0xFF, ..] ? File.ReadAllText(path) : Encoding.UTF8.GetString(bytes);
    }
}
