using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary><c>memfun eval</c> end to end: the real command tree, sandbox and fake model.</summary>
public sealed class EvalCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private FakeOpenAIServer _server = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartNewAsync(Cancellation);
        _cli.Environment["MEMFUN_LLM_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["MEMFUN_LLM_MODEL"] = "test-model";
        _cli.Environment["MEMFUN_AGENT_CONTEXT_WINDOW_TOKENS"] = "4000";
        _server.RespondWith(request => TaskSolver.IsAgentTurn(request)
            ? ScriptedReply.Say(TaskSolver.Solve(TaskSolver.TaskOf(request)))
            : ScriptedReply.Say("shipping"));
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Eval_Json_ReportsTheAgentBesideTheBaseline_AndWritesTheMarkdownReport()
    {
        var result = await _cli.RunAsync("eval", "aggregation", "--sizes", "1KB,100KB", "--seed", "3", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var tasks = json.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(4, tasks.Count);
        Assert.Equal(1, json.RootElement.GetProperty("score").GetDouble());
        Assert.True(json.RootElement.GetProperty("baseline_score").GetDouble() < 1);
        Assert.All(tasks, t => Assert.Equal("submitted", t.GetProperty("rlm").GetProperty("termination").GetString()));
        Assert.Contains(tasks, t => t.GetProperty("baseline").GetProperty("termination").GetString() == "truncated");
        var report = await File.ReadAllTextAsync(_cli.Project.Combine(".memfun/eval/report.md"), Cancellation);
        Assert.Contains("| aggregation | count-", report, StringComparison.Ordinal);
        Assert.Contains("| **total** |", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_PrintsATable_ForAUserSuite()
    {
        _cli.Project.WriteFile("mine.jsonl", "{\"id\": \"key\", \"query\": \"What is the value of the constant API_SIGNING_KEY defined somewhere in this repository?\", \"scorer\": \"contains\", \"expected\": \"k-42\", \"files\": {\"a.py\": \"API_SIGNING_KEY = \\\"k-42\\\"\\n\"}}\n");

        var result = await _cli.RunAsync("eval", "mine.jsonl", "--no-baseline", "--markdown", "out.md");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("mine", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"key\s*│[^\n]*│\s*rlm\s*│\s*1\s*│", result.Stdout);
        Assert.DoesNotContain("baseline", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(_cli.Project.Combine("out.md")));
    }

    [Fact]
    public async Task Eval_UnknownSuite_IsAConfigError()
    {
        var result = await _cli.RunAsync("eval", "nope");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("aggregation", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
