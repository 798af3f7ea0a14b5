using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Agent.Verification;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Core.Processes;
using Memfun.Tools;
using Memfun.Tools.Files;
using Memfun.Tools.Workspaces;

namespace Memfun.Agent.Coding;

/// <summary>
/// The coding agent: <c>ask</c>, <c>explain</c>, <c>analyze</c>, <c>review</c> and <c>fix</c> as RLM tasks over the
/// project. The repository is offered to the model as a file list and tools, never pasted into the prompt.
/// Only <c>fix</c> may propose edits, and those are staged for approval, not written.
/// </summary>
/// <remarks>
/// <paramref name="extensions"/> adds text and tools to every task: the CLI passes the available-skills catalogue
/// (names and descriptions only) and a <c>load_skill</c> tool, so skill bodies reach the model only on demand.
/// </remarks>
public sealed class CodingAgent(RlmEngine engine, string projectRoot, CodingAgentExtensions? extensions = null, CodingAgentOptions? options = null)
{
    private readonly CodingAgentOptions _options = options ?? new CodingAgentOptions();

    /// <summary>Gets what the agent may do beyond reading (its mode, its command sandbox, the test command).</summary>
    public CodingAgentOptions Options => _options;

    /// <summary>Answers a question about the codebase.</summary>
    public Task<CodingResult> AskAsync(string question, CancellationToken cancellationToken = default) =>
        RunAsync(question, "Answer the question about this codebase. Ground every claim in code you have read and cite files as path:line. If the code does not answer it, say so.", [], editing: false, cancellationToken);

    /// <summary>Answers one message of a conversation; <paramref name="conversation"/> holds the earlier turns.</summary>
    /// <remarks>The developer may ask for a change: edits are staged like <see cref="FixAsync"/>'s (the permission mode decides).</remarks>
    /// <param name="message">The new message.</param>
    /// <param name="conversation">The earlier turns, as text.</param>
    /// <param name="model">The root model for this message (chat's <c>/model</c>); the configured one when null.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public Task<CodingResult> ChatAsync(string message, string conversation, string? model = null, CancellationToken cancellationToken = default) =>
        RunTaskAsync(new CodingTask
        {
            Query = message,
            Guidance = "You are in a conversation with a developer about this codebase. `conversation` holds the earlier turns (empty at the start): "
                + "read it when the message refers back. Answer the new message, grounded in code you have read, citing path:line. "
                + "When the developer asks for a change, stage it with edit_file() or write_file(); it is shown as a diff and written only if they approve.",
            Variables = [new RlmVariable("conversation", conversation, "the earlier turns of this conversation")],
            Editing = true,
            Model = model,
        }, cancellationToken);

    /// <summary>Explains a file, a line range (<c>path:10-40</c>) or a symbol, for an audience.</summary>
    /// <param name="target">A file, a line range of a file, or a symbol name.</param>
    /// <param name="audience">Who the explanation is for.</param>
    /// <param name="workingDirectory">Where a relative path starts (the user's current directory); the project root when null.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ToolException">The file does not exist or the line range is empty or inverted (<see cref="MemfunErrorCodes.ToolBadArguments"/>), checked before any model call.</exception>
    public async Task<CodingResult> ExplainAsync(string target, string audience = "a developer new to this codebase", string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var variables = new List<RlmVariable>();
        var (path, start, end) = ParseTarget(target);
        var full = Path.GetFullPath(path, workingDirectory ?? projectRoot);
        // A range or a separator names a file; a bare name that is no file is a symbol for the model to find.
        if (start is not null || path.Contains('/', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || File.Exists(full) || Directory.Exists(full))
        {
            path = ProjectRelative(full);
            var file = new ProjectPaths(projectRoot).Resolve(path);
            if (!File.Exists(file))
            {
                throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"explain: there is no file {path} in the project{(Directory.Exists(file) ? " (it is a folder: use memfun analyze)" : "")}.")
                {
                    Hint = "Paths are relative to the current directory; give a file, a line range (path:10-40) or a symbol name.",
                };
            }

            var lines = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Split('\n');
            if (start is { } from && end is { } to && (from < 1 || to < from || from > lines.Length))
            {
                throw new ToolException(MemfunErrorCodes.ToolBadArguments,
                    $"explain: the line range {from}-{to} of {path} is empty or inverted (the file has {lines.Length} lines).")
                {
                    Hint = "Give lines as path:FIRST-LAST with 1 <= FIRST <= LAST, for example path:10-40.",
                };
            }

            var first = start ?? 1;
            var last = Math.Min(end ?? lines.Length, lines.Length);
            target = start is null ? path : $"{path}:{first}-{last}";
            variables.Add(new RlmVariable("target", string.Join('\n', lines[(first - 1)..last]), $"{path} lines {first}-{last}, the code to explain"));
        }

        return await RunAsync($"Explain {target} for {audience}.",
            $"Explain the target for {audience}: what it does, why it exists, how it fits into the rest of the codebase, and the non-obvious parts. "
            + "If `target` is not bound, find the symbol with search(). Cite path:line.", variables, editing: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports on the architecture and quality of the project or one of its folders.</summary>
    /// <param name="path">A folder or file of the project; the whole project when null.</param>
    /// <param name="workingDirectory">Where a relative path starts (the user's current directory); the project root when null.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ToolException">The path does not exist (<see cref="MemfunErrorCodes.ToolBadArguments"/>), checked before any model call.</exception>
    public Task<CodingResult> AnalyzeAsync(string? path = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        if (path is not null)
        {
            path = ProjectRelative(Path.GetFullPath(path, workingDirectory ?? projectRoot));
            var resolved = new ProjectPaths(projectRoot).Resolve(path);
            if (!Directory.Exists(resolved) && !File.Exists(resolved))
            {
                throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"analyze: there is no folder or file {path} in the project.")
                {
                    Hint = "Paths are relative to the current directory; leave the path out to analyse the whole project.",
                };
            }
        }

        return AnalyzeScopeAsync(path is null or "." ? "the whole repository" : $"the folder {path}", cancellationToken);
    }

    /// <summary>Reports on several parts of the project together: one share of a repository split across workers.</summary>
    /// <param name="paths">Folders or files of the project, relative to its root.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ToolException">A path does not exist, checked before any model call.</exception>
    public Task<CodingResult> AnalyzeAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 1)
        {
            return AnalyzeAsync(paths[0], projectRoot, cancellationToken);
        }

        var missing = paths.FirstOrDefault(p => new ProjectPaths(projectRoot).Resolve(p) is var full && !Directory.Exists(full) && !File.Exists(full));
        if (missing is not null || paths.Count == 0)
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"analyze: there is no folder or file {missing ?? "(none given)"} in the project.");
        }

        return AnalyzeScopeAsync($"these parts of the repository: {string.Join(", ", paths)}", cancellationToken);
    }

    private Task<CodingResult> AnalyzeScopeAsync(string scope, CancellationToken cancellationToken)
    {
        return RunAsync($"Analyze the architecture and quality of {scope}.",
            $"Report on {scope}: its structure and main components, how they depend on each other, notable risks (complexity, duplication, "
            + "error handling, missing tests) and concrete recommendations ranked by value. Summarise many files with llm_query_batched rather than reading them all yourself.",
            [], editing: false, cancellationToken);
    }

    // Enough for any reviewable change; beyond it the untracked files are build output that .gitignore misses.
    private const int MaxUntrackedFiles = 200;

    /// <summary>Reviews a git diff (for the working tree, untracked files too).</summary>
    /// <exception cref="ToolException">The diff is empty or git failed.</exception>
    public async Task<CodingResult> ReviewAsync(ReviewScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var git = await ProcessRunner.TryRunAsync("git", scope.GitArguments, projectRoot, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)
            ?? throw new ToolException("git is not installed; review needs it.");
        if (!git.Succeeded)
        {
            throw new ToolException(MemfunErrorCodes.ToolBadArguments, $"git could not produce the diff of {scope.Description}: {git.Stderr.Trim()}");
        }

        var diff = git.Stdout;
        if (scope is { Staged: false, Range: null })
        {
            diff += await UntrackedDiffAsync(cancellationToken).ConfigureAwait(false);
        }

        if (diff.Trim().Length == 0)
        {
            throw new ToolException($"There is nothing to review: {scope.Description} are empty.") { Hint = "Use --staged for staged changes or --range main..HEAD for commits." };
        }

        return await RunAsync($"Review {scope.Description}.",
            "Review the change in `diff`: correctness bugs first, then security, error handling, tests and readability. For each finding give "
            + "path:line, a severity (high, medium or low) and a suggested fix. Read surrounding code with read_file when the diff is not enough. Say plainly if the change looks good.",
            [new RlmVariable("diff", diff, $"the unified diff of {scope.Description}")], editing: false, cancellationToken).ConfigureAwait(false);
    }

    // `git diff HEAD` leaves out new files that were never added; a review of the working tree must see them too.
    private async Task<string> UntrackedDiffAsync(CancellationToken cancellationToken)
    {
        var list = await ProcessRunner.TryRunAsync("git", ["ls-files", "--others", "--exclude-standard", "-z"], projectRoot, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (list is not { Succeeded: true })
        {
            return "";
        }

        var diff = new StringBuilder();
        foreach (var file in list.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Take(MaxUntrackedFiles))
        {
            // --no-index exits 1 when the files differ, which they always do here.
            var added = await ProcessRunner.TryRunAsync("git", ["diff", "--no-color", "--no-index", "--", "/dev/null", file], projectRoot, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            diff.Append(added?.Stdout);
        }

        return diff.ToString();
    }

    /// <summary>Finds the cause of a bug and proposes a patch (staged, not written).</summary>
    public Task<CodingResult> FixAsync(string description, CancellationToken cancellationToken = default) =>
        RunTaskAsync(new CodingTask
        {
            Query = description,
            Guidance = "Fix the bug the task describes. Find the cause first, then stage the smallest correct change with edit_file() or write_file(); nothing is written "
                + "until the user approves the diff. Finish with SUBMIT(summary) explaining the cause and the change.",
            Editing = true,
            VerifyWithTests = true,
        }, cancellationToken);

    /// <summary>Runs a custom task (a skill, a defined agent) with the repository tools it is allowed.</summary>
    public async Task<CodingResult> RunTaskAsync(CodingTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(task.Query);
        var readOnly = _options.Mode == AgentMode.ReadOnly;
        // Copied on the first edit or command: a chat message that only reads pays nothing.
        using var workspace = task.Editing && !readOnly && _options.Commands is not null ? Workspace.Deferred(projectRoot) : null;
        var edits = new PendingEdits(projectRoot, workspace);
        var tools = new ToolContext { ProjectRoot = projectRoot, Edits = edits };
        var commands = _options.Commands is { } sandbox ? new WorkspaceCommands(sandbox, _options, projectRoot, workspace) : null;
        var files = await new FileTools(tools).ListFilesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        IEnumerable<RlmTool> repository = RepositoryTools.ReadOnly(tools);
        if (task.Editing)
        {
            repository = repository.Concat(readOnly ? RepositoryTools.Refusing(ReadOnlyReason) : RepositoryTools.Editing(tools));
        }

        if (commands is not null)
        {
            repository = repository.Append(RepositoryTools.Run(commands));
        }

        if (task.RepositoryTools is { } allowed)
        {
            repository = repository.Where(t => allowed.Contains(t.Name));
        }

        var guidance = task.Guidance;
        var variables = new List<RlmVariable> { new("files", string.Join('\n', files), "the project's file paths, one per line") };
        if (task.Editing && readOnly)
        {
            guidance += "\n\nThis run is read-only: edit_file() and write_file() refuse. Describe the change as a unified diff in your answer instead.";
        }

        if (commands is not null && _options.Test is { } test)
        {
            guidance += $"\n\nThe project's tests run with run(test_command) (`{test.Command}`, from {test.Source}). Run them to reproduce a bug before changing code, and again after your change.";
            variables.Add(new RlmVariable("test_command", test.Command, "the shell command that runs the project's tests"));
        }

        if (extensions is { Guidance.Length: > 0 })
        {
            guidance += "\n\n" + extensions.Guidance;
        }

        var verify = task.VerifyWithTests && workspace is not null && commands is not null && _options.Test is not null;
        var before = verify ? await commands!.RunTestsAsync(_options.Test!, cancellationToken).ConfigureAwait(false) : null;
        var request = new RlmRequest
        {
            Query = task.Query,
            Guidance = guidance,
            Model = task.Model,
            MaxIterations = task.MaxIterations,
            Variables = [.. variables, .. task.Variables, .. extensions?.Variables ?? []],
            Tools = [.. repository, .. extensions?.Tools ?? [], .. SharedTools.ToRlmTools((extensions?.SharedTools ?? []).Select(tool => task.Policy is { } policy ? tool.WithPolicy(policy) : tool)), .. task.Tools],
        };
        var run = await engine.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var diff = edits.Paths.Count > 0 ? await edits.DiffAsync(cancellationToken: cancellationToken).ConfigureAwait(false) : "";
        var after = before is not null && edits.Paths.Count > 0 ? await commands!.RunTestsAsync(_options.Test!, cancellationToken).ConfigureAwait(false) : null;
        return new CodingResult(run, edits, diff) { Tests = before is null ? null : new TestVerification(_options.Test!, before, after) };
    }

    private const string ReadOnlyReason = "the agent runs in read-only mode ([agent] mode = \"read-only\" or --mode read-only), which allows no edits.";

    private Task<CodingResult> RunAsync(string query, string guidance, List<RlmVariable> variables, bool editing, CancellationToken cancellationToken) =>
        RunTaskAsync(new CodingTask { Query = query, Guidance = guidance, Variables = variables, Editing = editing }, cancellationToken);

    /// <summary>The project-relative form of a full path (with <c>..</c> when it lies outside, which <see cref="ProjectPaths"/> refuses).</summary>
    private string ProjectRelative(string fullPath) => Path.GetRelativePath(projectRoot, fullPath).Replace('\\', '/');

    private static (string Path, int? Start, int? End) ParseTarget(string target)
    {
        var colon = target.LastIndexOf(':');
        if (colon > 0 && colon < target.Length - 1)
        {
            var range = target[(colon + 1)..].Split('-', 2);
            if (int.TryParse(range[0], out var start))
            {
                return (target[..colon], start, range.Length == 2 && int.TryParse(range[1], out var end) ? end : start);
            }
        }

        return (target, null, null);
    }
}
