using Memfun.Agent.Rlm;
using Memfun.Core.Errors;
using Memfun.Sandbox;
using Memfun.Tools;
using Memfun.Tools.Files;
using Memfun.Tools.Search;

namespace Memfun.Agent.Coding;

/// <summary>
/// The project tools the coding agent offers the model's code, as Python-friendly functions: reading, listing and
/// searching files, and (for <c>fix</c>) staging edits.
/// </summary>
/// <remarks>
/// These are adapters: each calls the same <see cref="FileTools"/> or <see cref="SearchTools"/> operation that the MCP
/// gateway publishes, so confinement, the staged-edit overlay and ripgrep's rules are defined once. They differ only in
/// shape: whole text and Python lists here, numbered lines and text blocks for MCP clients.
/// </remarks>
public static class RepositoryTools
{
    /// <summary>Returns the read-only tools over the context's view of the project (its staged edits included).</summary>
    /// <param name="context">The tool context of the run, with its <see cref="ToolContext.Edits"/> overlay.</param>
    public static IReadOnlyList<RlmTool> ReadOnly(ToolContext context)
    {
        var files = new FileTools(context);
        var search = new SearchTools(context);
        return
        [
            new("read_file", "read_file(path, start_line=None, end_line=None) -> str: a project file (or a 1-based inclusive line range), with any staged edits.",
                async (call, token) =>
                {
                    var arguments = new HostArguments("read_file", call);
                    var text = await files.ReadTextAsync(arguments.Text(0, "path"), token).ConfigureAwait(false);
                    var start = arguments.OptionalInt(1, "start_line");
                    var end = arguments.OptionalInt(2, "end_line");
                    return HostArguments.Result(start is null && end is null ? text : Lines(text, start ?? 1, end));
                }),
            new("list_files", "list_files(glob=None) -> list[str]: project files (as git sees them), optionally filtered by a glob such as 'src/**/*.cs'.",
                async (call, token) => HostArguments.Result(await files.ListFilesAsync(new HostArguments("list_files", call).OptionalString(0, "glob"), token).ConfigureAwait(false))),
            new("search", $"search(pattern, glob=None) -> list[str]: ripgrep regex search, results as 'path:line:text' (at most {context.MaxSearchResults}).",
                async (call, token) =>
                {
                    var arguments = new HostArguments("search", call);
                    var glob = arguments.OptionalString(1, "glob");
                    var result = await search.SearchAsync(arguments.Text(0, "pattern"), globs: glob is null ? null : [glob], cancellationToken: token).ConfigureAwait(false);
                    return HostArguments.Result(result.Lines.Where(l => l.IsMatch).Select(l => $"{l.Path}:{l.LineNumber}:{l.Text}").ToList());
                }),
        ];
    }

    /// <summary>Returns the tools that stage edits in the context's overlay for approval.</summary>
    /// <param name="context">The tool context of the run; its <see cref="ToolContext.Edits"/> overlay must be set.</param>
    public static IReadOnlyList<RlmTool> Editing(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Edits is null)
        {
            throw new ArgumentException("Editing tools stage into the context's overlay; set ToolContext.Edits.", nameof(context));
        }

        var files = new FileTools(context);
        return
        [
            new("edit_file", "edit_file(path, old, new): stage replacing `old` (which must occur exactly once) with `new`; shown to the user as a diff before anything is written.",
                async (call, token) =>
                {
                    var arguments = new HostArguments("edit_file", call);
                    await files.EditFileAsync(arguments.Text(0, "path"), arguments.Text(1, "old"), arguments.Text(2, "new"), cancellationToken: token).ConfigureAwait(false);
                    return HostArguments.Result("staged");
                }),
            new("write_file", "write_file(path, content): stage a whole file (new or replaced); shown as a diff before anything is written.",
                async (call, token) =>
                {
                    var arguments = new HostArguments("write_file", call);
                    await files.WriteFileAsync(arguments.Text(0, "path"), arguments.Text(1, "content"), token).ConfigureAwait(false);
                    return HostArguments.Result("staged");
                }),
        ];
    }

    /// <summary>Returns <c>edit_file</c> and <c>write_file</c> for a run that may not edit: each call is refused with <paramref name="reason"/>.</summary>
    /// <param name="reason">Why edits are refused (the permission mode), shown to the model.</param>
    public static IReadOnlyList<RlmTool> Refusing(string reason) =>
    [
        new("edit_file", "edit_file(path, old, new): refused in this run: " + reason, Refuse(reason)),
        new("write_file", "write_file(path, content): refused in this run: " + reason, Refuse(reason)),
    ];

    /// <summary>Returns <c>run</c>: a shell command in the run's workspace (or the read-only project), in the sandbox.</summary>
    /// <param name="commands">Runs the commands.</param>
    internal static RlmTool Run(WorkspaceCommands commands) =>
        new("run", $"run(command, timeout=None) -> dict: run a shell command {(commands.Writable ? "in this run's private copy of the project (your staged edits included; the user's files are untouched)" : "over the project, read-only")}, sandboxed (no network, memory and process limits, at most {commands.MaxTimeout.TotalSeconds:0} s); returns exit_code, stdout, stderr, timed_out.",
            async (call, token) =>
            {
                var arguments = new HostArguments("run", call);
                var seconds = arguments.OptionalInt(1, "timeout");
                var result = await commands.RunAsync(arguments.Text(0, "command"), seconds is { } s ? TimeSpan.FromSeconds(s) : null, token).ConfigureAwait(false);
                return HostArguments.Result(new Dictionary<string, object>
                {
                    ["exit_code"] = result.ExitCode,
                    ["stdout"] = result.Stdout,
                    ["stderr"] = result.Stderr,
                    ["timed_out"] = result.TimedOut,
                });
            });

    private static SandboxHostFunction Refuse(string reason) =>
        (_, _) => throw new SecurityException(MemfunErrorCodes.SecurityDenied, "Edits are refused: " + reason);

    private static string Lines(string text, int start, int? end)
    {
        var lines = text.Split('\n');
        var first = Math.Clamp(start, 1, lines.Length);
        var last = Math.Clamp(end ?? lines.Length, first, lines.Length);
        return string.Join('\n', lines[(first - 1)..last]);
    }
}
