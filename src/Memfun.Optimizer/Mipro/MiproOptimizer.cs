using System.Globalization;
using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Llm.Errors;
using Memfun.Llm.Programs;
using Memfun.Optimizer.Evaluation;
using Microsoft.Extensions.AI;

namespace Memfun.Optimizer.Mipro;

/// <summary>
/// MIPROv2 (Opsahl-Ong et al., arXiv 2406.11695) for the RLM root prompt: (1) bootstrap few-shot demos from the
/// traces of runs that scored full marks, (2) have the model propose instruction candidates grounded in a summary of
/// the tasks, the program and the demos, with a random tip each, (3) search (instruction × demo set) with a TPE
/// sampler on minibatches of the tasks — the unchanged program is the first trial — scoring the best-averaging
/// candidate on every task every few trials, and return the best program on every task.
/// </summary>
/// <remarks>A budget stop ends the search early and returns the best program scored on every task so far.</remarks>
public sealed class MiproOptimizer
{
    /// <summary>The proposer's signature.</summary>
    public const string ProposerSignature = "task_summary, program_description, examples, tip -> instruction";

    private const string ProgramDescription =
        "A Recursive Language Model agent: the root model writes Python each turn in a persistent REPL where the task's context is bound as variables "
        + "(and the project is behind read_file/list_files/search), sees only a truncated print of the output, may call sub-models on pieces "
        + "(llm_query, llm_query_batched, rlm_query), and finishes with SUBMIT(answer). The instruction is added to its system prompt as its strategy.";

    // DSPy's GroundedProposer tips, which vary the candidates.
    private static readonly string[] Tips =
    [
        "Keep the instruction clear and concise.",
        "Be creative: suggest a strategy the agent would not try by itself.",
        "Make the instruction very specific to these tasks.",
        "Tell the agent exactly how to check its answer before submitting.",
        "Focus on the cheapest way to reach a correct answer.",
    ];

    private readonly EvalRunner _runner;
    private readonly IChatClient _proposer;
    private readonly MiproOptions _options;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="runner">Runs and scores tasks (its traces are where demos come from).</param>
    /// <param name="proposer">The model that proposes instructions.</param>
    /// <param name="options">The search's bounds.</param>
    public MiproOptimizer(EvalRunner runner, IChatClient proposer, MiproOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(proposer);
        _runner = runner;
        _proposer = proposer;
        _options = options ?? new MiproOptions();
    }

    /// <summary>Searches for the best root program on <paramref name="tasks"/>, starting from <paramref name="start"/>.</summary>
    /// <param name="tasks">The tasks to tune on.</param>
    /// <param name="start">The current program (the baseline trial).</param>
    /// <param name="log">Told what each step did.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    public async Task<MiproResult> OptimizeAsync(IReadOnlyList<EvalTask> tasks, RlmPromptProgram start, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(start);
        if (tasks.Count == 0)
        {
            throw new ArgumentException("MIPROv2 needs at least one task.", nameof(tasks));
        }

        var random = new Random(_options.Seed);
        var instructions = new List<string> { start.Instructions };
        List<IReadOnlyList<RlmDemo>> demoSets = [Array.Empty<RlmDemo>()];
        var trials = new List<MiproTrial>();
        var fullScores = new Dictionary<(int, int), double>();
        var stoppedByBudget = false;
        double baselineScore = 0;
        try
        {
            // 1. Bootstrap: the starting program on every task is also its full score.
            var outcomes = await ScoreAllAsync(tasks, start, cancellationToken).ConfigureAwait(false);
            baselineScore = outcomes.Average(o => o.Score);
            fullScores[(0, 0)] = baselineScore;
            var demos = await DemosAsync(tasks, outcomes, cancellationToken).ConfigureAwait(false);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"baseline score {baselineScore:0.###} on {tasks.Count} tasks; {demos.Count} successful runs to learn from"));
            if (start.Demos.Count > 0)
            {
                demoSets.Add(start.Demos);
            }

            for (var set = 0; set < _options.DemoSets && demos.Count > 0; set++)
            {
                demoSets.Add([.. demos.OrderBy(_ => random.Next()).Take(_options.MaxDemos)]);
            }

            demoSets = [.. demoSets.DistinctBy(d => string.Join('\u0001', d.Select(x => x.Task)))];

            // 2. Grounded instruction proposals.
            instructions.AddRange(await ProposeAsync(tasks, demos, random, cancellationToken).ConfigureAwait(false));
            instructions = [.. instructions.Distinct(StringComparer.Ordinal)];
            log?.Invoke($"{instructions.Count - 1} instruction candidates, {demoSets.Count - 1} demo sets");

            // 3. TPE over (instruction, demo set) on minibatches; the unchanged program is the first trial.
            var sampler = new TpeSampler([instructions.Count, demoSets.Count], _options.Seed);
            var minibatchScores = new Dictionary<(int, int), List<double>>();
            for (var number = 1; number <= _options.Trials; number++)
            {
                var choice = number == 1 ? [0, 0] : sampler.Ask();
                var key = (choice[0], choice[1]);
                var batch = tasks.Count <= _options.Minibatch ? tasks : [.. tasks.OrderBy(_ => random.Next()).Take(_options.Minibatch)];
                var program = Program(instructions, demoSets, key);
                var scores = await ScoreAllAsync(batch, program, cancellationToken).ConfigureAwait(false);
                var score = scores.Average(o => o.Score);
                sampler.Tell(choice, score);
                (minibatchScores.TryGetValue(key, out var list) ? list : minibatchScores[key] = []).Add(score);
                double? full = null;
                if (number % _options.FullEvalEvery == 0 || number == _options.Trials)
                {
                    var best = minibatchScores.Where(s => !fullScores.ContainsKey(s.Key)).OrderByDescending(s => s.Value.Average()).Select(s => (s.Key, true)).FirstOrDefault();
                    if (best.Item2)
                    {
                        full = (await ScoreAllAsync(tasks, Program(instructions, demoSets, best.Key), cancellationToken).ConfigureAwait(false)).Average(o => o.Score);
                        fullScores[best.Key] = full.Value;
                    }
                }

                trials.Add(new MiproTrial(number, key.Item1, key.Item2, score, full));
                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"trial {number}: instruction {key.Item1}, demo set {key.Item2}: {score:0.###}{(full is { } f ? $" (every task: {f:0.###})" : "")}"));
            }
        }
        catch (LlmBudgetExceededException)
        {
            stoppedByBudget = true;
            log?.Invoke("the model budget is spent: stopping with the best program so far");
        }

        // The starting program wins ties: a change must be better on every task, not as good.
        var winner = fullScores.OrderByDescending(s => s.Value).ThenBy(s => s.Key == (0, 0) ? 0 : 1).Select(s => s.Key).DefaultIfEmpty((0, 0)).First();
        var bestScore = fullScores.GetValueOrDefault(winner, baselineScore);
        return new MiproResult(winner == (0, 0) ? start : Program(instructions, demoSets, winner), bestScore, baselineScore, winner.Item1, winner.Item2,
            instructions, demoSets, trials, stoppedByBudget);
    }

    private static RlmPromptProgram Program(List<string> instructions, List<IReadOnlyList<RlmDemo>> demoSets, (int Instruction, int DemoSet) key) =>
        new(instructions[key.Instruction], demoSets[key.DemoSet]);

    private async Task<List<EvalOutcome>> ScoreAllAsync(IReadOnlyList<EvalTask> tasks, RlmPromptProgram program, CancellationToken cancellationToken)
    {
        var outcomes = new List<EvalOutcome>();
        foreach (var task in tasks)
        {
            outcomes.Add(await _runner.RunAgentAsync(task, program, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    /// <summary>Demos from the traces of the runs that scored full marks: the task, the code of its turns, the answer.</summary>
    private async Task<List<RlmDemo>> DemosAsync(IReadOnlyList<EvalTask> tasks, List<EvalOutcome> outcomes, CancellationToken cancellationToken)
    {
        var demos = new List<RlmDemo>();
        if (_runner.TracesDirectory is not { } directory)
        {
            return demos;
        }

        var store = new TraceStore(directory);
        for (var i = 0; i < tasks.Count; i++)
        {
            if (outcomes[i].Score < _options.SuccessThreshold || outcomes[i].RunId is not { } runId)
            {
                continue;
            }

            var events = store.Read(runId);
            var code = string.Join("\n", events.OfType<RlmIteration>().Where(e => e.RunId == runId && e.Error is null && e.Code.Trim().Length > 0).Select(e => e.Code.Trim()));
            if (code.Length > 0)
            {
                demos.Add(new RlmDemo(tasks[i].Query, code, outcomes[i].Answer));
            }
        }

        return demos;
    }

    private async Task<List<string>> ProposeAsync(IReadOnlyList<EvalTask> tasks, List<RlmDemo> demos, Random random, CancellationToken cancellationToken)
    {
        var proposer = new Predict(Signature.Parse(ProposerSignature,
            "Propose an instruction for the agent's system prompt that will make it solve tasks like these correctly and cheaply. Reply with the instruction only."));
        var summary = TaskSummary(tasks);
        var examples = demos.Count == 0 ? "(no successful runs yet)" : string.Join("\n\n", demos.Take(3).Select(d => $"Task: {d.Task}\nCode:\n{d.Code}\nAnswer: {d.Answer}"));
        var candidates = new List<string>();
        for (var i = 0; i < _options.InstructionCandidates; i++)
        {
            var inputs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["task_summary"] = summary,
                ["program_description"] = ProgramDescription,
                ["examples"] = examples,
                ["tip"] = Tips[random.Next(Tips.Length)],
            };
            try
            {
                var prediction = await proposer.InvokeAsync(_proposer, inputs, new ChatOptions { Temperature = 1.0f }, cancellationToken).ConfigureAwait(false);
                if (prediction["instruction"].Trim() is { Length: > 0 } instruction)
                {
                    candidates.Add(instruction);
                }
            }
            catch (LlmParseException)
            {
                // An unparseable proposal is one candidate fewer, not a failed search.
            }
        }

        return candidates;
    }

    private static string TaskSummary(IReadOnlyList<EvalTask> tasks)
    {
        var text = new StringBuilder();
        foreach (var suite in tasks.GroupBy(t => t.Suite, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"- suite {suite.Key}: {suite.Count()} tasks scored by {string.Join(", ", suite.Select(t => t.Scorer).Distinct(StringComparer.Ordinal))}; ")
                .Append(CultureInfo.InvariantCulture, $"contexts of {EvalReport.Chars(suite.Min(t => t.ContextChars))} to {EvalReport.Chars(suite.Max(t => t.ContextChars))}; for example: ")
                .Append(string.Join(" | ", suite.Take(2).Select(t => t.Query))).Append('\n');
        }

        return text.ToString();
    }
}
