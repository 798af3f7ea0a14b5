using System.ComponentModel;
using System.Globalization;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Core.Processes;
using Memfun.Tools.Files;

namespace Memfun.Tools.Git;

/// <summary>Git status, diff, log, show, blame and commit for the repository at the project root.</summary>
/// <remarks>
/// git runs without a shell and with arguments that cannot be read as options (refs are checked, paths come
/// after <c>--</c>). Whether commit may run is decided by the caller's policy where the tool is called (<see cref="Mcp.MemfunTool"/>). Thread-safe.
/// </remarks>
public sealed class GitTools
{
    private const int MaxOutputChars = 200_000;
    private readonly ToolContext _context;
    private readonly ProjectPaths _paths;

    /// <summary>Creates the tools.</summary>
    /// <param name="context">The tool context.</param>
    public GitTools(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _paths = new ProjectPaths(context.ProjectRoot);
    }

    /// <summary>Shows the working tree status (branch, staged, unstaged and untracked files).</summary>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The short status with the branch line.</returns>
    [Description("Show git status: the branch and the staged, modified and untracked files.")]
    public Task<string> StatusAsync(CancellationToken cancellationToken = default) =>
        RunAsync(["status", "--short", "--branch"], cancellationToken);

    /// <summary>Shows changes: unstaged by default, staged with <paramref name="staged"/>, or against a ref.</summary>
    /// <param name="reference">A commit, branch or range (<c>main..HEAD</c>) to diff against.</param>
    /// <param name="staged">Show staged changes.</param>
    /// <param name="path">Limit to a path.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The unified diff.</returns>
    [Description("Show git diff: unstaged changes, staged changes (staged=true), or changes against a ref or range.")]
    public Task<string> DiffAsync(
        [Description("Commit, branch or range such as main..HEAD.")] string? reference = null,
        [Description("Show staged changes instead of unstaged ones.")] bool staged = false,
        [Description("Limit the diff to this path.")] string? path = null,
        CancellationToken cancellationToken = default)
    {
        List<string> arguments = ["diff", "--no-color", "--no-ext-diff"];
        if (staged)
        {
            arguments.Add("--cached");
        }

        if (!string.IsNullOrWhiteSpace(reference))
        {
            arguments.Add(Ref(reference));
        }

        return RunAsync(WithPath(arguments, path), cancellationToken);
    }

    /// <summary>Lists commits, newest first.</summary>
    /// <param name="maxCount">Most commits to list.</param>
    /// <param name="reference">Where to start (default HEAD).</param>
    /// <param name="path">Only commits touching this path.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>One commit per line: hash, date, author, subject.</returns>
    [Description("Show git log: one line per commit (hash, date, author, subject).")]
    public Task<string> LogAsync(
        [Description("Most commits to list (default 20).")] int maxCount = 20,
        [Description("Branch, tag or commit to start from.")] string? reference = null,
        [Description("Only commits that touch this path.")] string? path = null,
        CancellationToken cancellationToken = default)
    {
        if (maxCount is < 1 or > 1000)
        {
            throw ToolErrors.BadArgument("maxCount must be between 1 and 1000.");
        }

        List<string> arguments = ["log", "--no-color", "--date=short", "--format=%h %ad %an %s", $"--max-count={maxCount.ToString(CultureInfo.InvariantCulture)}"];
        if (!string.IsNullOrWhiteSpace(reference))
        {
            arguments.Add(Ref(reference));
        }

        return RunAsync(WithPath(arguments, path), cancellationToken);
    }

    /// <summary>Shows a commit (message and patch) or a file at a commit (<c>REF:path</c>).</summary>
    /// <param name="reference">The commit, or <c>REF:path</c>.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>What git show prints.</returns>
    [Description("Show a commit (message and patch), or a file's content at a commit with REF:path.")]
    public Task<string> ShowAsync(
        [Description("Commit, tag or REF:path.")] string reference,
        CancellationToken cancellationToken = default)
    {
        var colon = reference?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var checkedRef = colon > 0
            ? Ref(reference![..colon]) + ":" + _paths.Relative(_paths.Resolve(reference[(colon + 1)..]))
            : Ref(reference ?? string.Empty);
        return RunAsync(["show", "--no-color", "--no-ext-diff", checkedRef], cancellationToken);
    }

    /// <summary>Shows who last changed each line of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="startLine">First line (1-based).</param>
    /// <param name="endLine">Last line.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>git blame output.</returns>
    [Description("Show git blame for a file, optionally for a line range.")]
    public Task<string> BlameAsync(
        [Description("File relative to the project root.")] string path,
        [Description("First line, 1-based.")] int? startLine = null,
        [Description("Last line.")] int? endLine = null,
        CancellationToken cancellationToken = default)
    {
        List<string> arguments = ["blame", "--date=short"];
        if (startLine is not null || endLine is not null)
        {
            var start = startLine ?? 1;
            var end = endLine ?? start;
            if (start < 1 || end < start)
            {
                throw ToolErrors.BadArgument("startLine must be 1 or more and endLine not before it.");
            }

            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"-L{start},{end}"));
        }

        return RunAsync(WithPath(arguments, path), cancellationToken);
    }

    /// <summary>Commits staged changes (or the given paths) with a message.</summary>
    /// <param name="message">The commit message.</param>
    /// <param name="paths">Paths to stage before committing; none commits what is staged.</param>
    /// <param name="all">Stage every tracked, modified file first.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>git's summary of the new commit.</returns>
    [Description("Create a git commit with a message, optionally staging paths (or all tracked changes) first. Needs writes allowed.")]
    public async Task<string> CommitAsync(
        [Description("Commit message.")] string message,
        [Description("Paths to stage before committing.")] string[]? paths = null,
        [Description("Stage all modified tracked files first.")] bool all = false,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw ToolErrors.BadArgument("message must not be empty.");
        }

        if (paths is { Length: > 0 })
        {
            await RunAsync(WithPaths(["add"], paths), cancellationToken).ConfigureAwait(false);
        }

        List<string> arguments = ["commit", "--no-verify", "-m", message];
        if (all)
        {
            arguments.Add("--all");
        }

        return await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
    }

    private List<string> WithPath(List<string> arguments, string? path) =>
        string.IsNullOrWhiteSpace(path) ? arguments : WithPaths(arguments, [path]);

    private List<string> WithPaths(List<string> arguments, IEnumerable<string> paths)
    {
        arguments.Add("--");
        arguments.AddRange(paths.Select(p => _paths.Relative(_paths.Resolve(p))));
        return arguments;
    }

    private static string Ref(string reference)
    {
        var trimmed = reference.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('-') || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw ToolErrors.BadArgument($"'{reference}' is not a valid git ref.");
        }

        return trimmed;
    }

    private async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.TryRunAsync("git", ["-c", "core.quotepath=off", .. arguments], _paths.Root, _context.ProcessTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw ToolErrors.MissingProgram("git", "apt-get install git");
        if (result.TimedOut)
        {
            throw new ToolException(MemfunErrorCodes.ToolFailure, $"git took longer than {_context.ProcessTimeout.TotalSeconds:0} s.");
        }

        if (!result.Succeeded)
        {
            var error = result.Stderr.Trim();
            var detail = error.Length > 0 ? error : result.Stdout.Trim();
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"git {string.Join(' ', arguments.Take(1))} failed: {detail}");
        }

        var output = result.Stdout;
        if (output.Length > MaxOutputChars)
        {
            output = output[..MaxOutputChars] + $"\n[output cut at {MaxOutputChars} characters; limit it with a path or ref]\n";
        }

        return output.Length == 0 ? "[no output]\n" : output;
    }
}
