using System.ComponentModel;
using System.Globalization;
using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Commands.Skills;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Memfun.Optimizer.Mipro;
using Memfun.Optimizer.Programs;
using Memfun.Optimizer.Synthesis;
using Memfun.Optimizer.Traces;
using Memfun.Skills.Discovery;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Optimize;

/// <summary>
/// <c>memfun optimize</c>: with <c>--report</c>, the inefficiencies and successful strategies of the recorded runs;
/// <c>--show</c> / <c>--reset</c>, the saved optimized program; otherwise MIPROv2 over the root prompt on eval suites.
/// </summary>
public sealed class OptimizeCommand(CliEnvironment environment) : MemfunCommand<OptimizeCommand.Settings>(environment)
{
    private bool _viewing;

    /// <inheritdoc />
    /// <remarks>Optimizing and resetting are logged; the read-only views (<c>--report</c>, <c>--show</c>) only when they fail, as the listings.</remarks>
    protected override bool LogsSuccess => !_viewing;

    /// <inheritdoc />
    /// <remarks>Not an async method: its state machine would be compiled at the start of every `--report` (issue 20).</remarks>
    protected override Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        _viewing = settings.Report || settings.Show;
        var config = LoadConfig(settings.Overrides());
        var store = new OptimizedProgramStore(config.StateDirectory, DefinitionRoots.UserDirectory(Environment.Variables));
        if (settings.Reset)
        {
            var removed = store.Reset();
            Environment.Error.MarkupLine(removed ? "Removed the optimized program; runs use the default root prompt again." : "There was no optimized program.");
            return Task.FromResult(ExitCodes.Success);
        }

        return settings.Show ? ShowAsync(store, settings.Json, cancellationToken)
            : settings.Report ? Task.FromResult(Report(config, settings.Json, cancellationToken))
            : settings.Synthesize ? SynthesizeAsync(config, store, settings, cancellationToken)
            : OptimizeAsync(config, store, settings, cancellationToken);
    }

    private async Task<int> SynthesizeAsync(MemfunConfig config, OptimizedProgramStore store, Settings settings, CancellationToken cancellationToken)
    {
        var tasks = await settings.Selection().LoadAsync(Environment.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        var program = await LoadAsync(store, session, cancellationToken).ConfigureAwait(false);
        using var runner = await session.EvalRunnerAsync(cancellationToken).ConfigureAwait(false);
        var report = await runner.RunAsync(tasks, program, baseline: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"score {report.Score:0.###} on {tasks.Count} tasks; looking for recurring successful strategies")));
        var outcomes = await new DefinitionSynthesizer(runner, session.Clients.Root, new ConsoleApprover(Environment, settings.Yes), config.ProjectRoot)
            .SynthesizeAsync(report, program, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            await WriteJsonAsync(outcomes.Select(o => new
            {
                kind = o.Kind.ToString().ToLowerInvariant(),
                name = o.Name,
                strategy = o.Strategy,
                path = o.Path,
                decision = o.Decision,
                detail = o.Detail,
                score_before = o.ScoreBefore,
                score_after = o.ScoreAfter,
            })).ConfigureAwait(false);
        }
        else if (outcomes.Count == 0)
        {
            Environment.Out.WriteLine("no strategy recurred in two or more answered runs: nothing to synthesize");
        }
        else
        {
            foreach (var outcome in outcomes)
            {
                Environment.Out.WriteLine($"{outcome.Kind.ToString().ToLowerInvariant()} {outcome.Name} ({outcome.Strategy}): {outcome.Decision} — {outcome.Detail}{(outcome.Written ? $" ({outcome.Path})" : "")}");
            }
        }

        return ExitCodes.Success;
    }

    private async Task<int> OptimizeAsync(MemfunConfig config, OptimizedProgramStore store, Settings settings, CancellationToken cancellationToken)
    {
        var selection = settings.Selection();
        var tasks = await selection.LoadAsync(Environment.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        await using var session = AgentSession.Open(config, Environment, LoggerFactory, settings.Verbose);
        var start = await LoadAsync(store, session, cancellationToken).ConfigureAwait(false);
        using var runner = await session.EvalRunnerAsync(cancellationToken).ConfigureAwait(false);
        var optimizer = new MiproOptimizer(runner, session.Clients.Root, new MiproOptions
        {
            Trials = settings.Trials,
            Minibatch = settings.Minibatch,
            InstructionCandidates = settings.Candidates,
            Seed = settings.Seed,
        });
        var result = await optimizer.OptimizeAsync(tasks, start, line => Environment.Error.MarkupLine(Markup.Escape(line)), cancellationToken).ConfigureAwait(false);
        if (result.Improved)
        {
            await store.SaveAsync(result.Program, new OptimizationRecord(DateTimeOffset.UtcNow, config.Llm.Model, selection.Names, result.Trials.Count,
                result.BaselineScore, result.Score, result.InstructionIndex, result.DemoSetIndex), cancellationToken).ConfigureAwait(false);
        }

        var spent = session.Clients.Ledger.Total;
        if (settings.Json)
        {
            await WriteJsonAsync(new
            {
                improved = result.Improved,
                saved = result.Improved ? store.ProgramPath : null,
                baseline_score = result.BaselineScore,
                score = result.Score,
                instruction_index = result.InstructionIndex,
                demo_set_index = result.DemoSetIndex,
                instructions = result.Instructions,
                demo_sets = result.DemoSets.Count,
                trials = result.Trials.Select(t => new { number = t.Number, instruction = t.InstructionIndex, demo_set = t.DemoSetIndex, score = t.Score, full_score = t.FullScore }),
                stopped_by_budget = result.StoppedByBudget,
                total_tokens = spent.TotalTokens,
                cost_usd = spent.CostUsd,
            }).ConfigureAwait(false);
        }
        else
        {
            Environment.Out.WriteLine(result.Improved
                ? string.Create(CultureInfo.InvariantCulture, $"score {result.BaselineScore:0.###} -> {result.Score:0.###} (instruction {result.InstructionIndex}, demo set {result.DemoSetIndex}); saved {store.ProgramPath}, used by every run from now on (memfun optimize --show, --reset)")
                : string.Create(CultureInfo.InvariantCulture, $"no program beat the current one ({result.BaselineScore:0.###}); nothing saved"));
        }

        Environment.Error.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{result.Trials.Count} trials · {spent.Calls} model calls · {spent.TotalTokens:N0} tokens · {DisplayFormat.Dollars(spent.CostUsd)}{(result.StoppedByBudget ? " · stopped by the budget" : "")}")));
        return ExitCodes.Success;
    }

    // Synchronous, as `traces list`: the traces are local files.
    private int Report(MemfunConfig config, bool json, CancellationToken cancellationToken)
    {
        var analysis = TraceAnalyzer.Analyze(config.TracesDirectory, cancellationToken);
        if (json)
        {
            WriteJson(new
            {
                runs = analysis.Runs.Select(r => new { run_id = r.RunId, query = r.Query, status = r.Status, turns = r.Turns, total_tokens = r.TotalTokens, strategy = r.Strategy, findings = r.Findings.Select(f => new { kind = f.Kind, turn = f.Turn, detail = f.Detail }) }),
                finding_counts = analysis.FindingCounts,
                strategies = analysis.Strategies.Select(s => new { name = s.Name, strategy = s.Strategy, runs = s.RunIds, mean_turns = s.MeanTurns }),
            });
            return ExitCodes.Success;
        }

        if (analysis.Runs.Count == 0)
        {
            Environment.ErrorWriter.WriteLine("No recorded runs yet: memfun ask \"...\" or memfun eval records some.");
            return ExitCodes.Success;
        }

        // A plain table, as `traces list`, without the console's set-up. Findings quote the recorded runs, which a cloned
        // .memfun/traces/ can plant: the table makes every cell inert, and the lines below are made so.
        var table = new TextTable("Run", "Status", "Turns", "Tokens", "Strategy", "Findings");
        foreach (var run in analysis.Runs)
        {
            table.AddRow(run.RunId, run.Status, run.Turns.ToString(CultureInfo.InvariantCulture), run.TotalTokens.ToString("N0", CultureInfo.InvariantCulture),
                string.Join(", ", run.Strategy), string.Join("\n", run.Findings.Select(f => $"turn {f.Turn}: {f.Kind}: {f.Detail}")));
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        var counts = new List<string>();
        foreach (var count in analysis.FindingCounts)
        {
            counts.Add(string.Create(CultureInfo.InvariantCulture, $"{count.Value} {count.Key.Replace('_', ' ')}"));
        }

        Environment.OutWriter.WriteLine(counts.Count > 0 ? TerminalText.Inert(string.Join(" · ", counts)) : "no inefficiencies found");
        foreach (var strategy in analysis.Strategies)
        {
            Environment.OutWriter.WriteLine(TerminalText.Inert(string.Create(CultureInfo.InvariantCulture, $"successful strategy {strategy.Name}: {strategy.RunIds.Count} answered runs, {strategy.MeanTurns:0.#} turns on average")));
        }

        return ExitCodes.Success;
    }

    /// <summary>The program optimisation starts from: the saved one if this user's optimize saved it (else the default, with the warning).</summary>
    private static async Task<Memfun.Agent.Rlm.RlmPromptProgram> LoadAsync(OptimizedProgramStore store, AgentSession session, CancellationToken cancellationToken)
    {
        var (program, warning) = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (warning is not null)
        {
            session.WarnOnce(warning);
        }

        return program;
    }

    private async Task<int> ShowAsync(OptimizedProgramStore store, bool json, CancellationToken cancellationToken)
    {
        // Shown even when it is not used, so a program a repository shipped can be reviewed.
        var (program, trusted) = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var record = await store.LoadRecordAsync(cancellationToken).ConfigureAwait(false);
        if (json)
        {
            await WriteJsonAsync(new { path = program.IsEmpty ? null : store.ProgramPath, used = !program.IsEmpty && trusted, instructions = program.Instructions, demos = program.Demos, record }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        return Print(store, program, trusted, record);
    }

    private int Print(OptimizedProgramStore store, Memfun.Agent.Rlm.RlmPromptProgram program, bool trusted, OptimizationRecord? record)
    {
        if (!program.IsEmpty && !trusted)
        {
            Environment.ErrorWriter.WriteLine(TerminalText.Inert($"warning: not used: your own `memfun optimize` did not save {store.ProgramPath} (a cloned repository can ship one); runs ignore it. Remove it with `memfun optimize --reset`."));
        }

        if (program.IsEmpty)
        {
            Environment.ErrorWriter.WriteLine("No optimized program: runs use the default root prompt. memfun optimize searches for one.");
            return ExitCodes.Success;
        }

        // Plain lines, without the console's set-up. The program may be a cloned repository's (that is why it is shown):
        // its text is made inert.
        var output = Environment.OutWriter;
        output.WriteLine(TerminalText.Inert($"optimized program: {store.ProgramPath}"));
        if (record is not null)
        {
            output.WriteLine(TerminalText.Inert(string.Create(CultureInfo.InvariantCulture,
                $"found {record.CreatedAt:yyyy-MM-dd HH:mm} for {record.Model} on {string.Join(", ", record.Suites)} in {record.Trials} trials: score {record.BaselineScore:0.###} -> {record.Score:0.###}")));
        }

        output.WriteLine();
        output.WriteLine("strategy:");
        output.WriteLine(program.Instructions.Length > 0 ? TerminalText.Inert(program.Instructions) : "(none)");
        foreach (var demo in program.Demos)
        {
            output.WriteLine();
            output.WriteLine("example: " + TerminalText.Inert(demo.Task));
            output.WriteLine(TerminalText.Inert(demo.Code));
            output.WriteLine("answer: " + TerminalText.Inert(demo.Answer));
        }

        return ExitCodes.Success;
    }

    /// <summary>What to do, the suites to tune on and the search's bounds.</summary>
    public sealed class Settings : SuiteSettings
    {
        /// <summary>Gets or sets whether to analyse the recorded traces instead of optimizing.</summary>
        [CommandOption("--report")]
        [Description("Show the inefficiencies and successful strategies of the recorded runs; changes nothing.")]
        public bool Report { get; set; }

        /// <summary>Gets or sets whether to show the saved optimized program.</summary>
        [CommandOption("--show")]
        [Description("Show the optimized root program every run uses, and how it was found.")]
        public bool Show { get; set; }

        /// <summary>Gets or sets whether to remove the saved optimized program.</summary>
        [CommandOption("--reset")]
        [Description("Remove the optimized root program; runs use the default prompt again.")]
        public bool Reset { get; set; }

        /// <summary>Gets or sets whether to synthesize skills and agents instead of tuning the prompt.</summary>
        [CommandOption("--synthesize")]
        [Description("Run the suites, turn recurring successful strategies into SKILL.md and AGENT.md drafts, and write those that validate, do not lower their tasks' score and you approve.")]
        public bool Synthesize { get; set; }

        /// <summary>Gets or sets whether to approve writing drafts without asking.</summary>
        [CommandOption("--yes")]
        [Description("With --synthesize: write the drafts that pass their checks without asking.")]
        public bool Yes { get; set; }

        /// <summary>Gets or sets the most search trials.</summary>
        [CommandOption("--trials <N>")]
        [Description("Most search trials over (instruction x demo set) (default 12).")]
        public int Trials { get; set; } = 12;

        /// <summary>Gets or sets the minibatch size.</summary>
        [CommandOption("--minibatch <N>")]
        [Description("Tasks scored per trial (default 8; the best candidates are then scored on every task).")]
        public int Minibatch { get; set; } = 8;

        /// <summary>Gets or sets how many instruction candidates the model proposes.</summary>
        [CommandOption("--candidates <N>")]
        [Description("Instruction candidates the model proposes (default 4).")]
        public int Candidates { get; set; } = 4;

        /// <inheritdoc />
        internal override bool TryReadOption(string name, string[] tokens, ref int index)
        {
            switch (name)
            {
                case "--report":
                    Report = true;
                    return true;
                case "--show":
                    Show = true;
                    return true;
                default:
                    return base.TryReadOption(name, tokens, ref index);
            }
        }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            (Report ? 1 : 0) + (Show ? 1 : 0) + (Reset ? 1 : 0) + (Synthesize ? 1 : 0) > 1 ? ValidationResult.Error("Give at most one of --report, --show, --reset and --synthesize.")
            : Trials < 1 || Minibatch < 1 || Candidates < 1 ? ValidationResult.Error("--trials, --minibatch and --candidates must be at least 1.")
            : base.Validate();
    }
}
