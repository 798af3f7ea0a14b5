using Memfun.Agent.Rlm;
using Memfun.Optimizer.Evaluation;
using Memfun.Optimizer.Synthesis;
using Memfun.Skills.Agents;
using Memfun.Skills.Definitions;
using Memfun.Skills.Execution;
using Memfun.Testing;
using Memfun.Testing.Llm;
using Memfun.Tools.Permissions;

namespace Memfun.Optimizer.Tests.Synthesis;

/// <summary>Skill and agent synthesis: a valid, harmless, approved draft is written; an invalid, harmful or declined one is not.</summary>
public sealed class DefinitionSynthesizerTests : IAsyncLifetime
{
    private const string Instructions = "Count each label with context.count('(label: X)') and compare the numbers in code.";
    private readonly TempDirectory _project = new();
    private EvalFixture _fixture = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await EvalFixture.StartAsync(Cancellation);

    public async ValueTask DisposeAsync()
    {
        await _fixture.DisposeAsync();
        _project.Dispose();
    }

    /// <summary>The model solves every task unless its prompt holds <paramref name="poison"/>, and drafts a skill named <paramref name="name"/>.</summary>
    private async Task<IReadOnlyList<SynthesisOutcome>> SynthesizeAsync(string name, string instructions, bool approve, string? poison = null)
    {
        _fixture.Server.RespondWith(request =>
            request.MessageTexts[0].Contains("`examples`", StringComparison.Ordinal)
                ? ScriptedReply.Say($"[[ ## name ## ]]\n{name}\n\n[[ ## description ## ]]\nCounts and compares labelled records in a large log.\n\n[[ ## instructions ## ]]\n{instructions}\n\n[[ ## completed ## ]]")
                : ScriptedReply.Say(poison is not null && request.MessageTexts[0].Contains(poison, StringComparison.Ordinal) ? TaskSolver.Wrong : TaskSolver.Solve(TaskSolver.TaskOf(request))));
        var runner = _fixture.Runner();
        var report = await runner.RunAsync(BuiltInSuites.GenerateAggregation(2, [1_000, 2_000]), RlmPromptProgram.Empty, baseline: false, cancellationToken: Cancellation);
        Assert.Equal(1, report.Score);
        return await new DefinitionSynthesizer(runner, _fixture.Clients.Root, approve ? FixedApprover.Always : FixedApprover.Never, _project.Path).SynthesizeAsync(report, RlmPromptProgram.Empty, cancellationToken: Cancellation);
    }

    [Fact]
    public async Task ARecurringStrategy_BecomesAValidSkillAndAgent_WrittenAfterApproval()
    {
        var outcomes = await SynthesizeAsync("label-counting", Instructions, approve: true);

        Assert.Equal([(DefinitionKind.Skill, "written"), (DefinitionKind.Agent, "written")], outcomes.Select(o => (o.Kind, o.Decision)));
        Assert.All(outcomes, o => Assert.Equal((1.0, 1.0), (o.ScoreBefore!.Value, o.ScoreAfter!.Value)));
        Assert.All(outcomes, o => Assert.Equal("count", o.Strategy));
        var issues = new List<DefinitionIssue>();
        var skill = SkillParser.Load(_project.Combine(".memfun/skills/label-counting"), TrustTier.Project, issues);
        var agent = AgentParser.Load(_project.Combine(".memfun/agents/label-counting"), TrustTier.Project, issues);
        Assert.Empty(issues);
        Assert.Equal("count", skill!.Metadata["strategy"]);
        Assert.EndsWith(Instructions + "\n", await File.ReadAllTextAsync(_project.Combine(".memfun/skills/label-counting/SKILL.md"), Cancellation), StringComparison.Ordinal);
        Assert.Equal("Counts and compares labelled records in a large log.", agent!.Description);
        // The draft was evaluated on the tasks it came from, with its instructions in the prompt.
        Assert.Contains(_fixture.Server.Requests, r => TaskSolver.IsAgentTurn(r) && r.MessageTexts[0].Contains(Instructions, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInvalidDraft_IsRefused_AndNeverEvaluatedOrWritten()
    {
        var outcomes = await SynthesizeAsync("Count Labels!", Instructions, approve: true);

        Assert.All(outcomes, o => Assert.Equal("invalid", o.Decision));
        Assert.Equal(2, outcomes.Count);
        Assert.Contains("name", outcomes[0].Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_project.Combine(".memfun")));
        Assert.DoesNotContain(_fixture.Server.Requests, r => TaskSolver.IsAgentTurn(r) && r.MessageTexts[0].Contains(Instructions, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHarmfulDraft_ThatLowersItsTasksScore_IsRefused()
    {
        const string Harmful = "Estimate the counts by eye from the preview; never run code over the whole context.";

        var outcomes = await SynthesizeAsync("label-guessing", Harmful, approve: true, poison: Harmful);

        Assert.Equal([("worse", 1.0, 0.0), ("worse", 1.0, 0.0)], outcomes.Select(o => (o.Decision, o.ScoreBefore!.Value, o.ScoreAfter!.Value)));
        Assert.False(Directory.Exists(_project.Combine(".memfun")));
    }

    [Fact]
    public async Task ADraftTheUserDeclines_IsNotWritten()
    {
        var outcomes = await SynthesizeAsync("label-counting", Instructions, approve: false);

        Assert.All(outcomes, o => Assert.Equal("declined", o.Decision));
        Assert.False(Directory.Exists(_project.Combine(".memfun")));
    }
}
