using System.Globalization;
using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Tools;

namespace Memfun.Agent.Coding;

/// <summary>The project tools the coding agent offers the model's code: reading, listing and searching files, and (for <c>fix</c>) staging edits.</summary>
/// <remarks>Every path is confined to the project root; edits are only staged in <see cref="PendingEdits"/>, never written.</remarks>
public static class RepositoryTools
{
    private const int MaxSearchResults = 200;
    private const int MaxLineChars = 300;

    /// <summary>Returns the read-only tools over <paramref name="edits"/>' view of the project.</summary>
    public static IReadOnlyList<RlmTool> ReadOnly(string projectRoot, PendingEdits edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        return
        [
            new("read_file", "read_file(path, start_line=None, end_line=None) -> str: a project file (or a 1-based inclusive line range), with any staged edits.",
                (call, _) =>
                {
                    var arguments = new HostArguments("read_file", call);
                    var text = edits.Read(arguments.Text(0, "path"));
                    var start = arguments.OptionalInt(1, "start_line");
                    var end = arguments.OptionalInt(2, "end_line");
                    return ValueTask.FromResult(HostArguments.Result(start is null && end is null ? text : Lines(text, start ?? 1, end)));
                }),
            new("list_files", "list_files(glob=None) -> list[str]: project files (as git sees them), optionally filtered by a glob such as 'src/**/*.cs'.",
                async (call, token) =>
                {
                    var glob = new HostArguments("list_files", call).OptionalString(0, "glob");
                    var files = await ProjectFiles.ListAsync(projectRoot, token).ConfigureAwait(false);
                    return HostArguments.Result(glob is null ? files : files.Where(f => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(glob.Replace("**/", "*", StringComparison.Ordinal), f)).ToList());
                }),
            new("search", $"search(pattern, glob=None) -> list[str]: ripgrep regex search, results as 'path:line:text' (at most {MaxSearchResults}).",
                async (call, token) =>
                {
                    var arguments = new HostArguments("search", call);
                    return HostArguments.Result(await SearchAsync(projectRoot, arguments.Text(0, "pattern"), arguments.OptionalString(1, "glob"), token).ConfigureAwait(false));
                }),
        ];
    }

    /// <summary>Returns the tools that stage edits for approval.</summary>
    public static IReadOnlyList<RlmTool> Editing(PendingEdits edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        return
        [
            new("edit_file", "edit_file(path, old, new): stage replacing `old` (which must occur exactly once) with `new`; shown to the user as a diff before anything is written.",
                (call, _) =>
                {
                    var arguments = new HostArguments("edit_file", call);
                    edits.Edit(arguments.Text(0, "path"), arguments.Text(1, "old"), arguments.Text(2, "new"));
                    return ValueTask.FromResult(HostArguments.Result("staged"));
                }),
            new("write_file", "write_file(path, content): stage a whole file (new or replaced); shown as a diff before anything is written.",
                (call, _) =>
                {
                    var arguments = new HostArguments("write_file", call);
                    edits.Write(arguments.Text(0, "path"), arguments.Text(1, "content"));
                    return ValueTask.FromResult(HostArguments.Result("staged"));
                }),
        ];
    }

    private static async Task<List<string>> SearchAsync(string root, string pattern, string? glob, CancellationToken cancellationToken)
    {
        List<string> arguments = ["--line-number", "--no-heading", "--color", "never", "--max-columns", MaxLineChars.ToString(CultureInfo.InvariantCulture), "--regexp", pattern];
        if (glob is not null)
        {
            arguments.AddRange(["--glob", glob]);
        }

        var result = await ProcessRunner.TryRunAsync("rg", [.. arguments, "."], root, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)
            ?? throw new ToolException("ripgrep (rg) is not installed; install it (apt install ripgrep) to search.");
        return result.ExitCode switch
        {
            0 => [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(MaxSearchResults).Select(line => line.StartsWith("./", StringComparison.Ordinal) ? line[2..] : line)],
            1 => [],
            _ => throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"search failed: {result.Stderr.Trim()}"),
        };
    }

    private static string Lines(string text, int start, int? end)
    {
        var lines = text.Split('\n');
        var first = Math.Clamp(start, 1, lines.Length);
        var last = Math.Clamp(end ?? lines.Length, first, lines.Length);
        return string.Join('\n', lines[(first - 1)..last]);
    }

}
