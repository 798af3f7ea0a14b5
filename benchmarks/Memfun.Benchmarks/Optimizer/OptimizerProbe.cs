using System.Diagnostics;
using System.Globalization;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Llm;
using Memfun.Optimizer.Evaluation;
using Memfun.Optimizer.Mipro;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;
using Memfun.Testing.Llm;

namespace Memfun.Benchmarks.Optimizer;

/// <summary>
/// `dotnet run -c Release -- optimizer`: what evaluation and optimisation cost besides the model, end to end against
/// the fake model server (answering at once with the code that solves each task) and a real local sandbox.
/// </summary>
internal static class OptimizerProbe
{
    public static async Task RunAsync()
    {
        await using var server = await FakeOpenAIServer.StartNewAsync();
        server.RespondWith(request =>
            request.MessageTexts[0].Contains("`task_summary`", StringComparison.Ordinal) ? ScriptedReply.Say("[[ ## instruction ## ]]\nUse code.\n[[ ## completed ## ]]")
            : TaskSolver.IsAgentTurn(request) ? ScriptedReply.Say(TaskSolver.Solve(TaskSolver.TaskOf(request)))
            : ScriptedReply.Say("0"));
        await using var sandbox = await LocalSandbox.OpenAsync();
        var state = Directory.CreateTempSubdirectory("memfun-optimizer-probe").FullName;
        var traces = Path.Combine(state, "traces");
        using var clients = LlmClients.Create(new LlmSettings { BaseUrl = server.BaseUrl, Model = "m", MaxConcurrency = 8 }, new LlmClientOptions { Environment = new Dictionary<string, string?>() });
        using var runner = new EvalRunner(clients, sandbox, new SandboxOptions { ProjectRoot = state, MemoryMb = 2048 }, new RlmOptions(), traces);
        var store = new TraceStore(traces);

        // Warm-up: the first run pays for the kernel pool.
        await runner.RunAgentAsync(BuiltInSuites.GenerateAggregation(1, [1_000])[0], RlmPromptProgram.Empty);

        Console.WriteLine("## Eval harness overhead per task");
        Console.WriteLine("| task | context | task wall time | agent run | model time | harness overhead (wall − agent run) | non-model time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        IEnumerable<EvalTask> tasks = [.. BuiltInSuites.GenerateAggregation(2, [1_000, 1_000_000]).Where(t => t.Scorer == "number"), BuiltInSuites.GenerateNeedle(2, 2_000), BuiltInSuites.GenerateFix(2)];
        foreach (var task in tasks)
        {
            var samples = new List<(double Wall, double Run, double Model)>();
            for (var i = 0; i < 5; i++)
            {
                var outcome = await runner.RunAgentAsync(task, RlmPromptProgram.Empty);
                var events = store.Read(outcome.RunId!);
                var run = events.OfType<RlmRunFinished>().Single(e => e.Depth == 0).ElapsedMs;
                var model = events.OfType<RlmIteration>().Sum(e => e.ModelMs);
                samples.Add((outcome.ElapsedMs, run, model));
            }

            var median = samples.OrderBy(s => s.Wall).ElementAt(samples.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {task.Id} | {EvalReport.Chars(task.ContextChars)} | {median.Wall:0.0} ms | {median.Run:0.0} ms | {median.Model:0.0} ms | {median.Wall - median.Run:0.0} ms | {median.Wall - median.Model:0.0} ms |"));
        }

        Console.WriteLine();
        Console.WriteLine("## MIPROv2 overhead per trial (12 tasks of 1–4 KB, minibatch 4, 10 trials)");
        var suite = BuiltInSuites.GenerateAggregation(3, [1_000, 2_000, 3_000, 4_000, 1_500, 2_500]);
        var before = store.List().Select(s => s.RunId).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var result = await new MiproOptimizer(runner, clients.Root, new MiproOptions { Trials = 10, Minibatch = 4, InstructionCandidates = 3 }).OptimizeAsync(suite, RlmPromptProgram.Empty);
        var wall = clock.Elapsed.TotalMilliseconds;
        var runs = store.List().Where(s => !before.Contains(s.RunId)).ToList();
        var agentMs = runs.Sum(r => r.ElapsedMs ?? 0);
        double modelMs = 0;
        foreach (var run in runs)
        {
            modelMs += store.Read(run.RunId).OfType<RlmIteration>().Sum(e => e.ModelMs);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            agent runs: {runs.Count} ({result.Trials.Count} trials, full evaluations included); wall {wall / 1000:0.00} s
            per trial: wall {wall / result.Trials.Count:0.0} ms, besides model time {(wall - modelMs) / result.Trials.Count:0.0} ms
            optimizer's own work per trial (wall − agent runs: bootstrap from traces, proposals, TPE, minibatches, scoring, temp projects): {(wall - agentMs) / result.Trials.Count:0.0} ms
            per agent run besides model time: {(wall - modelMs) / runs.Count:0.0} ms
            """));
        Directory.Delete(state, recursive: true);
    }
}
