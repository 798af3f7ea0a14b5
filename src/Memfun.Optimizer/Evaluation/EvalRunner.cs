using System.Diagnostics;
using System.Text;
using Memfun.Agent.Coding;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Errors;
using Memfun.Core.Files;
using Memfun.Core.Logging;
using Memfun.Llm;
using Memfun.Sandbox;
using Microsoft.Extensions.AI;

namespace Memfun.Optimizer.Evaluation;

/// <summary>
/// Runs evaluation tasks on the configured model: each through the RLM coding agent (context in the REPL, the
/// repository behind the read-only tools, edits staged and never written) and, for comparison, through the no-REPL
/// baseline — the same root model given the context directly in its prompt, cut to its context window.
/// </summary>
/// <remarks>
/// Tasks run one after another so each task's tokens and cost are the ledger's growth during it. A task's project is
/// written once to a temporary folder and reused by every later run of the same task (the optimizer runs a task many
/// times; runs only read it, since edits are staged); disposing the runner deletes the folders. A budget stop or
/// cancellation ends the evaluation; any other failure scores the task 0 and is reported with it.
/// </remarks>
public sealed class EvalRunner : IDisposable
{
    // The baseline's prompt is cut to the window less room for the instructions and the answer, at a conservative
    // three characters per token (o200k averages about four on English and code).
    private const int ReservedTokens = 1_000;
    private const int CharsPerToken = 3;

    private readonly LlmClients _clients;
    private readonly ISandbox _sandbox;
    private readonly SandboxOptions _sandboxOptions;
    private readonly RlmOptions _options;
    private readonly string? _tracesDirectory;
    private readonly SecretRedactor? _redactor;
    private readonly Dictionary<EvalTask, string> _projects = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a runner.</summary>
    /// <param name="clients">The model clients (their ledger measures each task).</param>
    /// <param name="sandbox">Where the agent's REPL runs.</param>
    /// <param name="sandboxOptions">The REPL's isolation; the project root is set per task.</param>
    /// <param name="options">The agent's limits; <see cref="RlmOptions.ContextWindowTokens"/> also cuts the baseline's prompt.</param>
    /// <param name="tracesDirectory">Where agent runs' traces are written (null: no traces).</param>
    /// <param name="redactor">Masks secrets in traces.</param>
    public EvalRunner(LlmClients clients, ISandbox sandbox, SandboxOptions sandboxOptions, RlmOptions options, string? tracesDirectory = null, SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(sandboxOptions);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _sandbox = sandbox;
        _sandboxOptions = sandboxOptions;
        _options = options;
        _tracesDirectory = tracesDirectory;
        _redactor = redactor;
    }

    /// <summary>Gets the model clients.</summary>
    public LlmClients Clients => _clients;

    /// <summary>Gets where agent runs' traces are written, or null when they are not.</summary>
    public string? TracesDirectory => _tracesDirectory;

    /// <summary>Runs every task with <paramref name="program"/> in the root prompt, and the baseline when asked.</summary>
    /// <param name="tasks">The tasks.</param>
    /// <param name="program">The root prompt's strategy and examples.</param>
    /// <param name="baseline">Whether to run the no-REPL baseline too.</param>
    /// <param name="progress">Told each task's result as it finishes.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    public async Task<EvalReport> RunAsync(IReadOnlyList<EvalTask> tasks, RlmPromptProgram program, bool baseline, Action<EvalTaskResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var results = new List<EvalTaskResult>();
        foreach (var task in tasks)
        {
            var rlm = await RunAgentAsync(task, program, cancellationToken).ConfigureAwait(false);
            var direct = baseline ? await RunBaselineAsync(task, cancellationToken).ConfigureAwait(false) : null;
            var result = new EvalTaskResult(task, rlm, direct);
            results.Add(result);
            progress?.Invoke(result);
        }

        return new EvalReport(results);
    }

    /// <summary>Runs one task through the RLM coding agent and scores it.</summary>
    public async Task<EvalOutcome> RunAgentAsync(EvalTask task, RlmPromptProgram program, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(program);
        var scorer = EvalScorers.Get(task.Scorer);
        var before = _clients.Ledger.Total;
        var clock = Stopwatch.StartNew();
        using var trace = _tracesDirectory is null ? null : new TraceCollector(_tracesDirectory, _redactor);
        try
        {
            var project = await ProjectAsync(task, cancellationToken).ConfigureAwait(false);
            var engine = new RlmEngine(_clients, _sandbox, _sandboxOptions with { ProjectRoot = project }, _options with { Program = program }, trace);
            var result = await new CodingAgent(engine, project).RunTaskAsync(
                new CodingTask { Query = task.Query, Guidance = task.Guidance, Variables = task.Variables, Editing = task.Editing }, cancellationToken).ConfigureAwait(false);
            var staged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in result.Edits.Paths)
            {
                if (result.Edits.TryGetStaged(path, out var content))
                {
                    staged[path] = content;
                }
            }

            var (score, reason) = await scorer.ScoreAsync(task, result.Answer, staged, cancellationToken).ConfigureAwait(false);
            var usage = _clients.Ledger.Total.Since(before);
            return new EvalOutcome(score, reason, result.Run.Iterations, usage.InputTokens, usage.OutputTokens, usage.CostUsd, clock.Elapsed.TotalMilliseconds,
                result.Run.Termination.ToString().ToLowerInvariant(), result.Answer, null, result.Run.RunId);
        }
        catch (MemfunException exception) when (exception.ErrorCode != MemfunErrorCodes.LlmBudgetExceeded)
        {
            var usage = _clients.Ledger.Total.Since(before);
            return new EvalOutcome(0, "the run failed", 0, usage.InputTokens, usage.OutputTokens, usage.CostUsd, clock.Elapsed.TotalMilliseconds,
                "error", "", $"{exception.ErrorCode}: {exception.Message}", null);
        }
    }

    /// <summary>Deletes the tasks' temporary projects.</summary>
    public void Dispose()
    {
        foreach (var project in _projects.Values)
        {
            TryDelete(project);
        }

        _projects.Clear();
    }

    /// <summary>Runs one task as a single call to the root model with the context in the prompt, cut to the window, and scores it.</summary>
    public async Task<EvalOutcome> RunBaselineAsync(EvalTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var scorer = EvalScorers.Get(task.Scorer);
        var before = _clients.Ledger.Total;
        var clock = Stopwatch.StartNew();
        var (prompt, truncated) = BaselinePrompt(task, Math.Max(1_000, (_options.ContextWindowTokens - ReservedTokens) * CharsPerToken));
        try
        {
            var response = await _clients.Root.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: cancellationToken).ConfigureAwait(false);
            var answer = response.Text.Trim();
            var staged = task.Editing ? ParseFiles(answer) : new Dictionary<string, string>(StringComparer.Ordinal);
            var (score, reason) = await scorer.ScoreAsync(task, answer, staged, cancellationToken).ConfigureAwait(false);
            var usage = _clients.Ledger.Total.Since(before);
            return new EvalOutcome(score, reason, 1, usage.InputTokens, usage.OutputTokens, usage.CostUsd, clock.Elapsed.TotalMilliseconds,
                truncated ? "truncated" : "direct", answer, null, null);
        }
        catch (MemfunException exception) when (exception.ErrorCode != MemfunErrorCodes.LlmBudgetExceeded)
        {
            var usage = _clients.Ledger.Total.Since(before);
            return new EvalOutcome(0, "the call failed", 1, usage.InputTokens, usage.OutputTokens, usage.CostUsd, clock.Elapsed.TotalMilliseconds,
                "error", "", $"{exception.ErrorCode}: {exception.Message}", null);
        }
    }

    /// <summary>The baseline's prompt: the context (variables, then files) cut to <paramref name="maxChars"/>, then the task.</summary>
    internal static (string Prompt, bool Truncated) BaselinePrompt(EvalTask task, int maxChars)
    {
        var context = new StringBuilder();
        foreach (var variable in task.Variables)
        {
            context.Append("=== ").Append(variable.Name).Append(" ===\n").Append(variable.Value).Append('\n');
        }

        foreach (var (path, content) in task.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            context.Append("=== file ").Append(path).Append(" ===\n").Append(content).Append('\n');
        }

        var instructions = task.Editing
            ? "\nGive every file you change in full, each as:\n--- FILE: path\n<the whole new content>\n--- END\n"
            : "\nReply with the final answer only.\n";
        var room = Math.Max(0, maxChars - task.Query.Length - instructions.Length - 64);
        var truncated = context.Length > room;
        var body = truncated ? context.ToString(0, room) + "\n[... context cut to fit the model's window]\n" : context.ToString();
        return ($"Context:\n{body}\nTask: {task.Query}\n{instructions}", truncated);
    }

    private static Dictionary<string, string> ParseFiles(string answer)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = answer.Replace("\r\n", "\n", StringComparison.Ordinal).Split("--- FILE: ");
        foreach (var part in parts.Skip(1))
        {
            var newline = part.IndexOf('\n', StringComparison.Ordinal);
            var end = part.IndexOf("--- END", StringComparison.Ordinal);
            if (newline > 0 && end > newline)
            {
                files[part[..newline].Trim()] = part[(newline + 1)..end];
            }
        }

        return files;
    }

    private async Task<string> ProjectAsync(EvalTask task, CancellationToken cancellationToken)
    {
        if (_projects.TryGetValue(task, out var existing))
        {
            return existing;
        }

        var root = Directory.CreateTempSubdirectory("memfun-eval-").FullName;
        try
        {
            var paths = new ProjectPaths(root);
            foreach (var (path, content) in task.Files)
            {
                var full = paths.Resolve(path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, content, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }

        _projects[task] = root;
        return root;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the evaluation's result is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
