using Memfun.Agent.Rlm;
using Memfun.Llm.Pipeline;
using Memfun.Optimizer.Evaluation;
using Memfun.Optimizer.Mipro;
using Memfun.Testing.Llm;

namespace Memfun.Optimizer.Tests.Mipro;

/// <summary>
/// MIPROv2 against scripted models that are right only under one of the instructions they themselves propose, or
/// only with demonstrations: the search must find that program, and the program must raise the eval score.
/// </summary>
public sealed class MiproOptimizerTests : IAsyncLifetime
{
    private const string Magic = "Count labels exactly with context.count before you answer.";
    private EvalFixture _fixture = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await EvalFixture.StartAsync(Cancellation);

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    private static IReadOnlyList<EvalTask> Tasks => BuiltInSuites.GenerateAggregation(11, [1_000, 2_000, 3_000]);

    [Fact]
    public async Task Mipro_FindsTheOneProposedInstructionUnderWhichTheModelIsRight()
    {
        var proposer = EvalFixture.Proposer("Be brief.", Magic, "Double-check everything.");
        _fixture.Server.RespondWith(request => proposer(request)
            ?? ScriptedReply.Say(request.MessageTexts[0].Contains(Magic, StringComparison.Ordinal) ? TaskSolver.Solve(TaskSolver.TaskOf(request)) : TaskSolver.Wrong));
        var runner = _fixture.Runner();

        var result = await new MiproOptimizer(runner, _fixture.Clients.Root, new MiproOptions { Trials = 8, Minibatch = 3, InstructionCandidates = 3, FullEvalEvery = 4 })
            .OptimizeAsync(Tasks, RlmPromptProgram.Empty, cancellationToken: Cancellation);
        var before = await runner.RunAsync(Tasks, RlmPromptProgram.Empty, baseline: false, cancellationToken: Cancellation);
        var after = await runner.RunAsync(Tasks, result.Program, baseline: false, cancellationToken: Cancellation);

        Assert.Equal(["", "Be brief.", Magic, "Double-check everything."], result.Instructions);
        Assert.Single(result.DemoSets);
        Assert.True(result.Improved);
        Assert.Equal(Magic, result.Program.Instructions);
        Assert.Equal((0.0, 1.0), (result.BaselineScore, result.Score));
        Assert.Equal((0, 0), (result.Trials[0].InstructionIndex, result.Trials[0].DemoSetIndex));
        Assert.Equal(8, result.Trials.Count);
        Assert.Equal((0.0, 1.0), (before.Score, after.Score));
    }

    [Fact]
    public async Task Mipro_BootstrapsDemosFromSuccessfulTraces_WhenTheModelIsRightOnlyWithDemonstrations()
    {
        // Without examples the model solves only the comparisons; with worked examples in its prompt it solves everything.
        var proposer = EvalFixture.Proposer("Be brief.");
        _fixture.Server.RespondWith(request => proposer(request)
            ?? ScriptedReply.Say(request.MessageTexts[0].Contains("## Worked examples", StringComparison.Ordinal) || TaskSolver.TaskOf(request).StartsWith("Which label", StringComparison.Ordinal)
                ? TaskSolver.Solve(TaskSolver.TaskOf(request))
                : TaskSolver.Wrong));
        var runner = _fixture.Runner();

        var result = await new MiproOptimizer(runner, _fixture.Clients.Root, new MiproOptions { Trials = 8, Minibatch = 3, InstructionCandidates = 1, FullEvalEvery = 4 })
            .OptimizeAsync(Tasks, RlmPromptProgram.Empty, cancellationToken: Cancellation);
        var after = await runner.RunAsync(Tasks, result.Program, baseline: false, cancellationToken: Cancellation);

        Assert.True(result.Improved);
        Assert.Equal((0.5, 1.0), (result.BaselineScore, result.Score));
        Assert.NotEmpty(result.Program.Demos);
        Assert.All(result.Program.Demos, d => Assert.StartsWith("Which label", d.Task, StringComparison.Ordinal));
        Assert.All(result.Program.Demos, d => Assert.Contains("context.count('(label: ", d.Code, StringComparison.Ordinal));
        Assert.Equal(1.0, after.Score);
    }

    [Fact]
    public async Task Mipro_KeepsTheStartingProgram_WhenNothingBeatsIt()
    {
        var proposer = EvalFixture.Proposer("Be brief.", "Be thorough.");
        _fixture.Server.RespondWith(request => proposer(request) ?? ScriptedReply.Say(TaskSolver.Solve(TaskSolver.TaskOf(request))));
        var start = new RlmPromptProgram("Use code.", []);

        var result = await new MiproOptimizer(_fixture.Runner(), _fixture.Clients.Root, new MiproOptions { Trials = 4, Minibatch = 2, InstructionCandidates = 2, FullEvalEvery = 2 })
            .OptimizeAsync(Tasks, start, cancellationToken: Cancellation);

        Assert.False(result.Improved);
        Assert.Same(start, result.Program);
        Assert.Equal(1.0, result.BaselineScore);
    }

    [Fact]
    public async Task Mipro_StopsAtTheBudget_WithTheBestProgramSoFar()
    {
        _fixture.Server.RespondWith(request => ScriptedReply.Say(TaskSolver.Wrong));
        using var clients = _fixture.ClientsWith(new LlmBudget { MaxCalls = 8 });
        var log = new List<string>();

        var result = await new MiproOptimizer(_fixture.Runner(clients: clients), clients.Root, new MiproOptions { Trials = 50 })
            .OptimizeAsync(Tasks, RlmPromptProgram.Empty, log.Add, Cancellation);

        Assert.True(result.StoppedByBudget);
        Assert.False(result.Improved);
        Assert.True(result.Trials.Count < 50);
        Assert.Contains(log, l => l.Contains("budget", StringComparison.Ordinal));
        Assert.InRange(clients.Ledger.Total.Calls, 1, 9);
    }
}
