using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Optimizer.Evaluation;
using Memfun.Testing.Llm;

namespace Memfun.Optimizer.Tests.Evaluation;

/// <summary>The eval runner over the real agent, sandbox and fake model: scores, measures, and runs the baseline beside it.</summary>
public sealed class EvalRunnerTests : IAsyncLifetime
{
    private EvalFixture _fixture = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await EvalFixture.StartAsync(Cancellation);

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task EveryBuiltInSuite_IsSolvedByTheRightCode_AndTheBaselineBesideIt()
    {
        // The agent computes each answer in the REPL; the baseline model (one call, context in the prompt) guesses.
        _fixture.Server.RespondWith(request => TaskSolver.IsAgentTurn(request)
            ? ScriptedReply.Say(TaskSolver.Solve(TaskSolver.TaskOf(request)), inputTokens: 300, outputTokens: 40)
            : ScriptedReply.Say("7", inputTokens: 900, outputTokens: 1));
        var tasks = new List<EvalTask>();
        tasks.AddRange(BuiltInSuites.GenerateAggregation(5, [2_000, 200_000]));
        tasks.Add(BuiltInSuites.GenerateNeedle(5, 300));
        tasks.Add(BuiltInSuites.GenerateFix(5));
        var seen = new List<string>();

        var report = await _fixture.Runner(new RlmOptions { MaxIterations = 3, ContextWindowTokens = 8_000 }).RunAsync(tasks, RlmPromptProgram.Empty, baseline: true, r => seen.Add(r.Task.Id), Cancellation);

        Assert.Equal(tasks.Select(t => t.Id), seen);
        Assert.All(report.Results, r => Assert.Equal(1, r.Rlm.Score));
        Assert.All(report.Results, r => Assert.Equal("submitted", r.Rlm.Termination));
        Assert.All(report.Results, r => Assert.Equal((1, 340), (r.Rlm.Turns, r.Rlm.InputTokens + r.Rlm.OutputTokens)));
        Assert.Equal(1, report.Score);
        Assert.True(report.BaselineScore < 0.5, $"baseline {report.BaselineScore}");
        // The 200 KB context and the repository do not fit an 8k-token window: the baseline saw them cut.
        Assert.Equal("truncated", report.Results.Single(r => r.Task.Id.EndsWith("200KB", StringComparison.Ordinal) && r.Task.Scorer == "number").Baseline!.Termination);
        Assert.Equal("direct", report.Results.Single(r => r.Task.Id.EndsWith("2KB", StringComparison.Ordinal) && r.Task.Scorer == "number").Baseline!.Termination);
        Assert.Equal((tasks.Count, tasks.Count), (report.RlmTotal.Turns, report.BaselineTotal!.Turns));
        var traces = new TraceStore(_fixture.Traces).List();
        Assert.Equal(report.Results.Select(r => r.Rlm.RunId).Order(), traces.Select(t => t.RunId).Order());
    }

    [Fact]
    public async Task WrongAnswers_AndFailedRuns_ScoreZero_WithTheReason()
    {
        _fixture.Server.RespondWith(request => TaskSolver.TaskOf(request).Contains("label", StringComparison.Ordinal)
            ? ScriptedReply.Say(TaskSolver.Wrong)
            : ScriptedReply.Error(400, "This model's maximum context length is exceeded.", "context_length_exceeded"));
        var tasks = new[] { BuiltInSuites.GenerateAggregation(1, [1_000])[0], BuiltInSuites.GenerateNeedle(1, 20) };

        var report = await _fixture.Runner().RunAsync(tasks, RlmPromptProgram.Empty, baseline: false, cancellationToken: Cancellation);

        Assert.Equal(0, report.Results[0].Rlm.Score);
        Assert.Equal("the answer has no number", report.Results[0].Rlm.Reason);
        Assert.Equal("error", report.Results[1].Rlm.Termination);
        Assert.StartsWith("MF", report.Results[1].Rlm.Error, StringComparison.Ordinal);
        Assert.Null(report.BaselineScore);
        Assert.Contains("| needle | needle-0 |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFixTask_IsScoredByItsTest_RunInTheWorkspace_AndItsProjectIsNeverWritten()
    {
        var task = BuiltInSuites.GenerateFix(3);
        var (module, fixedText) = Assert.Single(task.ExpectedFiles);
        var runner = _fixture.Runner();

        // A correct patch: the test failed on the project and passes with the change.
        _fixture.Server.RespondWith(request => ScriptedReply.Say(TaskSolver.Solve(TaskSolver.TaskOf(request))));
        var right = await runner.RunAgentAsync(task, RlmPromptProgram.Empty, Cancellation);
        // A wrong patch: a change that leaves the bug, so the test still fails.
        _fixture.Server.RespondWith(_ => ScriptedReply.Say(TaskSolver.Fence($"edit_file('{module}', 'def helper_0(x):', 'def helper_0(x):  # checked')\nSUBMIT('done')")));
        var wrong = await runner.RunAgentAsync(task, RlmPromptProgram.Empty, Cancellation);
        // The baseline's files go through the same test.
        _fixture.Server.RespondWith(_ => ScriptedReply.Say($"--- FILE: {module}\n{fixedText}--- END\n"));
        var baseline = await runner.RunBaselineAsync(task, Cancellation);
        _fixture.Server.RespondWith(_ => ScriptedReply.Say(TaskSolver.Fence("import os\nSUBMIT(os.getcwd())")));
        var project = (await runner.RunAgentAsync(task, RlmPromptProgram.Empty, Cancellation)).Answer;

        Assert.Equal((1.0, "submitted"), (right.Score, right.Termination));
        Assert.Contains("fails before the change and passes after it", right.Reason, StringComparison.Ordinal);
        Assert.Equal(0, wrong.Score);
        Assert.Contains("still fails", wrong.Reason, StringComparison.Ordinal);
        Assert.Equal(1, baseline.Score);
        // The patches were tested in workspace copies: the task's project, reused by every run, still has the bug.
        Assert.All(task.Files, f => Assert.Equal(f.Value, File.ReadAllText(Path.Combine(project, f.Key))));
        Assert.Equal(task.Files.Keys.Order(), Directory.EnumerateFiles(project).Select(Path.GetFileName).Order()!);
        Assert.Empty(Directory.EnumerateFiles(_fixture.State.Path, "*.py", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TheProgram_IsInTheRootPrompt()
    {
        _fixture.Server.RespondWith(_ => ScriptedReply.Say(TaskSolver.Wrong));
        var program = new RlmPromptProgram("Count with str.count, never by eye.", [new RlmDemo("How many cats?", "SUBMIT(str(context.count('cat')))", "3")]);

        await _fixture.Runner().RunAgentAsync(BuiltInSuites.GenerateAggregation(1, [1_000])[0], program, Cancellation);

        var system = _fixture.Server.Requests[0].MessageTexts[0];
        Assert.Contains("## Strategy\nCount with str.count, never by eye.", system, StringComparison.Ordinal);
        Assert.Contains("## Worked examples", system, StringComparison.Ordinal);
        Assert.Contains("Task: How many cats?\n```python\nSUBMIT(str(context.count('cat')))\n```\nAnswer: 3", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATasksProject_IsWrittenOnce_ReusedByLaterRuns_AndDeletedWithTheRunner()
    {
        var roots = new List<string>();
        _fixture.Server.RespondWith(_ => ScriptedReply.Say(TaskSolver.Fence("import os\nSUBMIT(os.getcwd())")));
        var task = BuiltInSuites.GenerateNeedle(1, 30);
        var runner = _fixture.Runner();

        roots.Add((await runner.RunAgentAsync(task, RlmPromptProgram.Empty, Cancellation)).Answer);
        roots.Add((await runner.RunAgentAsync(task, RlmPromptProgram.Empty, Cancellation)).Answer);
        var other = (await runner.RunAgentAsync(BuiltInSuites.GenerateNeedle(2, 30), RlmPromptProgram.Empty, Cancellation)).Answer;
        var existed = Directory.Exists(roots[0]);
        runner.Dispose();

        Assert.Equal(roots[0], roots[1]);
        Assert.NotEqual(roots[0], other);
        Assert.True(existed);
        Assert.False(Directory.Exists(roots[0]));
        Assert.False(Directory.Exists(other));
    }
}
