using System.Globalization;
using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Core.Files;
using Memfun.Llm.Errors;
using Memfun.Llm.Programs;
using Memfun.Optimizer.Evaluation;
using Memfun.Optimizer.Traces;
using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Skills.Execution;
using Memfun.Tools.Permissions;
using Microsoft.Extensions.AI;

namespace Memfun.Optimizer.Synthesis;

/// <summary>
/// Turns a recurring successful strategy into a <c>SKILL.md</c> and an <c>AGENT.md</c> draft: the model writes the
/// name, description and instructions from the strategy and the code of the runs that used it; a draft is kept only
/// if it passes the same validation as <c>memfun skill validate</c>, does not lower the score of the eval tasks it
/// came from (re-run with its instructions in the prompt), and the user approves it. Nothing is overwritten.
/// </summary>
public sealed class DefinitionSynthesizer
{
    /// <summary>The drafter's signature.</summary>
    public const string DrafterSignature = "strategy, tasks, examples -> name, description, instructions";

    private static readonly Dictionary<string, string> ToolOfIdiom = new(StringComparer.Ordinal)
    {
        ["read_file"] = "Read",
        ["search"] = "Grep",
        ["list_files"] = "Glob",
        ["edit_file"] = "Edit",
        ["write_file"] = "Write",
    };

    private readonly EvalRunner _runner;
    private readonly IChatClient _model;
    private readonly IApprover _approver;
    private readonly string _projectRoot;

    /// <summary>Creates a synthesizer.</summary>
    /// <param name="runner">Re-runs the source tasks with a draft's instructions.</param>
    /// <param name="model">Writes the drafts.</param>
    /// <param name="approver">Asks the user before anything is written.</param>
    /// <param name="projectRoot">The drafts go to its <c>.memfun/skills/</c> and <c>.memfun/agents/</c>.</param>
    public DefinitionSynthesizer(EvalRunner runner, IChatClient model, IApprover approver, string projectRoot)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(approver);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectRoot);
        _runner = runner;
        _model = model;
        _approver = approver;
        _projectRoot = projectRoot;
    }

    /// <summary>Drafts, checks and (with approval) writes a skill and an agent for each recurring strategy of <paramref name="report"/>'s runs.</summary>
    /// <param name="report">An evaluation whose runs were traced (its tasks are the strategies' sources and their scores the bar).</param>
    /// <param name="program">The root program the runs used.</param>
    /// <param name="maxStrategies">The most strategies to turn into drafts, most used first.</param>
    /// <param name="cancellationToken">Cancels the synthesis.</param>
    public async Task<IReadOnlyList<SynthesisOutcome>> SynthesizeAsync(EvalReport report, RlmPromptProgram program, int maxStrategies = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(program);
        if (_runner.TracesDirectory is not { } traces)
        {
            return [];
        }

        var byRun = report.Results.Where(r => r.Rlm.RunId is not null).ToDictionary(r => r.Rlm.RunId!, StringComparer.Ordinal);
        var analysis = TraceAnalyzer.Analyze(traces, cancellationToken);
        var outcomes = new List<SynthesisOutcome>();
        foreach (var strategy in analysis.Strategies.Where(s => s.RunIds.Any(byRun.ContainsKey)).Take(maxStrategies))
        {
            var sources = strategy.RunIds.Where(byRun.ContainsKey).Select(id => byRun[id]).ToList();
            var draft = await DraftAsync(strategy, sources, traces, cancellationToken).ConfigureAwait(false);
            if (draft is null)
            {
                continue;
            }

            (double Before, double After)? scores = null;
            foreach (var kind in new[] { DefinitionKind.Skill, DefinitionKind.Agent })
            {
                var (path, text) = Render(kind, draft.Value, strategy);
                var issues = new List<DefinitionIssue>();
                _ = kind == DefinitionKind.Skill ? (object?)SkillParser.Parse(path, text, TrustTier.Project, issues) : AgentParser.Parse(path, text, TrustTier.Project, issues);
                var errors = issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.Message).ToList();
                if (errors.Count > 0)
                {
                    outcomes.Add(new SynthesisOutcome(kind, draft.Value.Name, strategy.Name, path, text, "invalid", string.Join("; ", errors), null, null));
                    continue;
                }

                scores ??= await CompareAsync(sources, program, draft.Value.Instructions, cancellationToken).ConfigureAwait(false);
                var (before, after) = scores.Value;
                var detail = string.Create(CultureInfo.InvariantCulture, $"score on its {sources.Count} source tasks {before:0.###} -> {after:0.###}");
                var decision = after < before ? "worse"
                    : File.Exists(path) ? "exists"
                    : !await _approver.ApproveAsync("memfun optimize", $"write the {kind.ToString().ToLowerInvariant()} '{draft.Value.Name}' to {Path.GetRelativePath(_projectRoot, path)} ({detail})", cancellationToken).ConfigureAwait(false) ? "declined"
                    : "written";
                if (decision == "written")
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await AtomicFile.WriteAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
                }

                outcomes.Add(new SynthesisOutcome(kind, draft.Value.Name, strategy.Name, path, text, decision, detail, before, after));
            }
        }

        return outcomes;
    }

    private async Task<(double Before, double After)> CompareAsync(List<EvalTaskResult> sources, RlmPromptProgram program, string instructions, CancellationToken cancellationToken)
    {
        var after = new List<double>();
        foreach (var source in sources)
        {
            var task = source.Task with { Guidance = (source.Task.Guidance + "\n\n" + instructions).Trim() };
            after.Add((await _runner.RunAgentAsync(task, program, cancellationToken).ConfigureAwait(false)).Score);
        }

        return (sources.Average(s => s.Rlm.Score), after.Average());
    }

    private async Task<(string Name, string Description, string Instructions)?> DraftAsync(StrategyPattern strategy, List<EvalTaskResult> sources, string traces, CancellationToken cancellationToken)
    {
        var store = new TraceStore(traces);
        var examples = new StringBuilder();
        foreach (var source in sources.Take(2))
        {
            var events = store.Read(source.Rlm.RunId!);
            examples.Append("Task: ").Append(source.Task.Query).Append("\nCode:\n")
                .AppendJoin('\n', events.OfType<RlmIteration>().Where(e => e.RunId == source.Rlm.RunId && e.Error is null).Select(e => e.Code.Trim()))
                .Append("\n\n");
        }

        var drafter = new Predict(Signature.Parse(DrafterSignature,
            "Write a reusable skill from a strategy that solved several tasks: `name` in lowercase letters, digits and hyphens (at most 64), "
            + "`description` saying what it does and when to use it (one or two sentences), `instructions` in Markdown telling an agent step by step how to apply the strategy."));
        try
        {
            var prediction = await drafter.InvokeAsync(_model, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["strategy"] = $"REPL functions and idioms: {string.Join(", ", strategy.Strategy)}; used by {strategy.RunIds.Count} answered runs in {strategy.MeanTurns:0.#} turns on average",
                ["tasks"] = string.Join("\n", strategy.Queries.Distinct(StringComparer.Ordinal).Take(5)),
                ["examples"] = examples.ToString(),
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (prediction["name"].Trim(), prediction["description"].Trim(), prediction["instructions"].Trim());
        }
        catch (LlmParseException)
        {
            return null;
        }
    }

    private (string Path, string Text) Render(DefinitionKind kind, (string Name, string Description, string Instructions) draft, StrategyPattern strategy)
    {
        var text = new StringBuilder();
        text.Append("---\nname: ").Append(draft.Name).Append('\n')
            .Append("description: \"").Append(draft.Description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).ReplaceLineEndings(" ")).Append("\"\n");
        if (kind == DefinitionKind.Agent)
        {
            var tools = strategy.Strategy.Where(ToolOfIdiom.ContainsKey).Select(i => ToolOfIdiom[i]).DefaultIfEmpty("Read").Distinct(StringComparer.Ordinal);
            text.Append("tools: ").AppendJoin(' ', tools).Append('\n')
                .Append(CultureInfo.InvariantCulture, $"max-iterations: {Math.Max(5, (int)Math.Ceiling(strategy.MeanTurns * 2))}\n");
        }

        text.Append("metadata:\n  generated-by: memfun optimize\n  strategy: ").Append(strategy.Name).Append("\n---\n\n").Append(draft.Instructions).Append('\n');
        var file = kind == DefinitionKind.Skill ? "SKILL.md" : "AGENT.md";
        var folder = kind == DefinitionKind.Skill ? "skills" : "agents";
        return (Path.Combine(_projectRoot, ".memfun", folder, SafeFolder(draft.Name), file), text.ToString());
    }

    // The folder must be the name for the draft to validate; an unsafe name still gets a folder of its own, and the validation says why it is refused.
    private static string SafeFolder(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return safe.Trim('-').Length == 0 ? "unnamed" : safe;
    }
}
