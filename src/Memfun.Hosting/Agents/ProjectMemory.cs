using Memfun.Core.Files;
using System.Globalization;
using System.Text;

namespace Memfun.Hosting.Agents;

/// <summary>
/// The project's standing instructions for the agent: <c>AGENTS.md</c>, <c>CLAUDE.md</c> and <c>.memfun/MEMORY.md</c>
/// (what <c>/remember</c> appends to), read from the project root in that order and given to every run's prompt
/// within <see cref="MaxChars"/> characters in all.
/// </summary>
/// <remarks>
/// The budget keeps a long AGENTS.md from crowding out the task: past it a file is cut and the prompt says so, with
/// the file's path, so the model can read the rest through the REPL.
/// </remarks>
public sealed class ProjectMemory
{
    /// <summary>The memory files, relative to the project root, in the order they are read.</summary>
    public static readonly IReadOnlyList<string> FileNames = ["AGENTS.md", "CLAUDE.md", ".memfun/MEMORY.md"];

    /// <summary>The most characters of memory a prompt gets, all files together.</summary>
    public const int MaxChars = 16_000;

    /// <summary>The file <c>/remember</c> appends to, relative to the project root.</summary>
    public const string RememberFile = ".memfun/MEMORY.md";

    private ProjectMemory(IReadOnlyList<ProjectMemoryFile> files, string text)
    {
        Files = files;
        Text = text;
    }

    /// <summary>Gets the files that were found, with how much of each reached the prompt.</summary>
    public IReadOnlyList<ProjectMemoryFile> Files { get; }

    /// <summary>Gets the prompt section (empty when there is no memory file).</summary>
    public string Text { get; }

    /// <summary>Reads the memory files of <paramref name="projectRoot"/>.</summary>
    public static ProjectMemory Load(string projectRoot)
    {
        var files = new List<ProjectMemoryFile>();
        var text = new StringBuilder();
        var left = MaxChars;
        foreach (var name in FileNames)
        {
            var path = Path.Combine(projectRoot, name);
            if (!File.Exists(path))
            {
                continue;
            }

            var content = File.ReadAllText(path).Trim();
            if (content.Length == 0)
            {
                continue;
            }

            var included = Math.Min(content.Length, left);
            files.Add(new ProjectMemoryFile(name, content.Length, included));
            left -= included;
            text.Append(CultureInfo.InvariantCulture, $"\n### {name}\n").Append(content.AsSpan(0, included)).Append('\n');
            if (included < content.Length)
            {
                text.Append(CultureInfo.InvariantCulture, $"[... {content.Length - included:N0} more characters of {name} were cut to fit the memory budget: read_file('{name}') has them.]\n");
            }
        }

        return new ProjectMemory(files, files.Count == 0 ? "" :
            "## Project memory\nStanding instructions from the project's maintainers; follow them unless the task says otherwise.\n" + text);
    }

    /// <summary>Appends one note to <see cref="RememberFile"/> (created when missing) and returns its full path.</summary>
    public static async Task<string> RememberAsync(string projectRoot, string note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        var path = Path.Combine(projectRoot, RememberFile);
        var prefix = File.Exists(path) ? "" : "# Project memory\n\nNotes kept with /remember in memfun chat.\n\n";
        await using var file = StateFiles.OpenAppend(projectRoot, path);
        await file.WriteAsync(Encoding.UTF8.GetBytes(prefix + "- " + note.Trim().ReplaceLineEndings(" ") + "\n"), cancellationToken).ConfigureAwait(false);
        return path;
    }
}
