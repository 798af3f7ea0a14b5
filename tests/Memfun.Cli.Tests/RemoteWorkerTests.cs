using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Runtime.Nats;
using Memfun.Runtime.Redis;
using Memfun.Testing;
using Memfun.Testing.Llm;

namespace Memfun.Cli.Tests;

/// <summary>
/// The coding agent on real <c>memfun worker</c> processes, on the shared Redis and NATS test servers (and servers of the
/// test's own for restarts): <c>--remote</c>, <c>memfun submit</c> and <c>analyze --fan-out</c> from a checkout at the
/// same commit, with the fake model server answering the workers.
/// </summary>
public sealed class RemoteWorkerTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _clones = new();
    private readonly string _namespace = "r" + Guid.NewGuid().ToString("N")[..12];
    private FakeOpenAIServer _model = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _model = await FakeOpenAIServer.StartNewAsync(Cancellation);
        _cli.Project.WriteFile("alpha/One.cs", "namespace Alpha;\n\npublic class One { }\n");
        _cli.Project.WriteFile("alpha/Two.cs", "namespace Alpha;\n\npublic class Two { }\n");
        _cli.Project.WriteFile("beta/Three.cs", "namespace Beta;\n\npublic class Three { }\n");
        _cli.Project.WriteFile("notes.txt", "draft\n");
        _cli.Project.WriteFile(".gitignore", ".memfun/\n");
        await GitAsync(_cli.Project.Path, "init", "-q", "-b", "main");
        await GitAsync(_cli.Project.Path, "add", "-A");
        await GitAsync(_cli.Project.Path, "commit", "-q", "-m", "Initial commit");
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        _clones.Dispose();
        await _model.DisposeAsync();
    }

    private static string Code(string code) => $"```python\n{code}\n```";

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task AskRemote_RunsOnTheWorkersCheckout_StreamsProgress_AndStoresTheTraceHere(string tier)
    {
        var clone = await CloneAsync("w1");
        File.WriteAllText(Path.Combine(clone, "worker-only.txt"), "WORKER-CHECKOUT\n");
        await using var worker = await WorkerProcess.StartAsync(clone, Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", clone);
        _model.Enqueue(ScriptedReply.Say(Code("print(read_file('worker-only.txt'))")), ScriptedReply.Say(Code("SUBMIT('remote answer')")));

        var result = await Submitter(tier, TestServers(tier)).RunAsync("ask", "what is here?", "--remote", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("remote answer", json.RootElement.GetProperty("answer").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("iterations").GetInt32());
        Assert.Contains("WORKER-CHECKOUT", _model.Requests[1].LastMessageText, StringComparison.Ordinal);
        Assert.Contains($"ran on worker {System.Environment.MachineName}/{worker.Id}", result.Stderr, StringComparison.Ordinal);

        // The trace is stored here from the streamed events, as a local run's would be.
        var runId = json.RootElement.GetProperty("run_id").GetString()!;
        var trace = _cli.Project.Combine($".memfun/traces/{runId}.jsonl");
        Assert.Equal(trace, json.RootElement.GetProperty("trace").GetString());
        var lines = File.ReadAllLines(trace);
        Assert.Contains("\"type\":\"run_started\"", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("\"type\":\"run_finished\"", StringComparison.Ordinal) && l.Contains("remote answer", StringComparison.Ordinal));
        var shown = await Submitter(tier, TestServers(tier)).RunAsync("traces", "show", runId);
        Assert.Contains("WORKER-CHECKOUT", shown.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task AskRemote_StreamsTheWorkersReplyAsTextDeltas_InOrder(string tier)
    {
        var clone = await CloneAsync("w1");
        await using var worker = await WorkerProcess.StartAsync(clone, Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", clone);
        var first = "Looking at the files first.\nThen the answer.\n" + Code("print(1 + 1)");
        var second = "Two it is.\n" + Code("SUBMIT('two')");
        _model.Enqueue(ScriptedReply.Say(first), ScriptedReply.Say(second));

        var result = await Submitter(tier, TestServers(tier)).RunAsync("ask", "how much is 1 + 1?", "--remote", "--output-format", "stream-json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        var deltas = TextDeltas(result.Stdout);
        Assert.Equal(first, string.Concat(deltas.Where(d => d.Turn == 1).Select(d => d.Text)));
        Assert.Equal(second, string.Concat(deltas.Where(d => d.Turn == 2).Select(d => d.Text)));
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task AskRemote_ASecretTheModelEchoes_IsRedactedInTheStreamedReply_ThoughItArrivesInPieces(string tier)
    {
        // The fake server streams eight characters a piece: redacting piece by piece would miss the key.
        const string key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX";
        await using var worker = await WorkerProcess.StartAsync(await CloneAsync("w1"), Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", _clones.Combine("w1"));
        _model.Enqueue(ScriptedReply.Say($"The key is {key} here.\n" + Code("SUBMIT('done')")));

        var result = await Submitter(tier, TestServers(tier)).RunAsync("ask", "what is the key?", "--remote", "--output-format", "stream-json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        var streamed = string.Concat(TextDeltas(result.Stdout).Select(d => d.Text));
        Assert.Contains("The key is [REDACTED] here.", streamed, StringComparison.Ordinal);
        Assert.DoesNotContain("ABCDEFGHIJKLMNOP", streamed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task SubmitFix_ReturnsTheWorkersPatch_AndWritesNothingAnywhere(string tier)
    {
        var clone = await CloneAsync("w1");
        await using var worker = await WorkerProcess.StartAsync(clone, Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", clone);
        _model.Enqueue(ScriptedReply.Say(Code("edit_file('notes.txt', 'draft', 'final')")), ScriptedReply.Say(Code("SUBMIT('changed draft to final')")));

        var result = await Submitter(tier, TestServers(tier)).RunAsync("submit", "fix", "the notes say draft");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        Assert.Contains("changed draft to final", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-draft\n+final", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("draft\n", File.ReadAllText(Path.Combine(clone, "notes.txt")));
        Assert.Equal("draft\n", File.ReadAllText(_cli.Project.Combine("notes.txt")));
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task AWorkerAtAnotherCommit_RefusesTheTask_NamingBothCommits(string tier)
    {
        var clone = await CloneAsync("w1");
        _cli.Project.WriteFile("later.txt", "x\n");
        await GitAsync(_cli.Project.Path, "add", "-A");
        await GitAsync(_cli.Project.Path, "commit", "-q", "-m", "Later");
        await using var worker = await WorkerProcess.StartAsync(clone, Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", clone);

        var result = await Submitter(tier, TestServers(tier)).RunAsync("ask", "anything?", "--remote");

        Assert.Equal(ExitCodes.Agent, result.ExitCode);
        Assert.Contains("MF3000", result.Stderr, StringComparison.Ordinal);
        Assert.Contains((await GitAsync(_cli.Project.Path, "rev-parse", "HEAD")).Trim(), result.Stderr, StringComparison.Ordinal);
        Assert.Contains((await GitAsync(clone, "rev-parse", "HEAD")).Trim(), result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_model.Requests);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task AnalyzeFanOut_SplitsTheRepositoryAcrossTwoWorkers_AndMergesTheReports(string tier)
    {
        await using var first = await WorkerProcess.StartAsync(await CloneAsync("w1"), Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", _clones.Combine("w1"));
        await using var second = await WorkerProcess.StartAsync(await CloneAsync("w2"), Environment(tier, TestServers(tier)), "--agent", "coding", "--repo", _clones.Combine("w2"));
        _model.RespondWith(request => ScriptedReply.Say(Code($"SUBMIT('report on {(request.MessageTexts.Any(t => t.Contains("repository: alpha", StringComparison.Ordinal)) ? "ALPHA" : "THE REST")}')")));

        var result = await Submitter(tier, TestServers(tier)).RunAsync("analyze", "--fan-out", "2");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        Assert.Contains("Analysis in 2 parts", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nalpha, notes.txt\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n.gitignore, beta\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("report on ALPHA", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("report on THE REST", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(_cli.Project.Combine(".memfun/traces"), "*.jsonl").Length);
        Assert.Contains("part 2/2", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task WorkerKilledMidTask_AnotherWorkerFinishesIt_AndBothAttemptsAreTraced(string tier)
    {
        var environment = Environment(tier, TestServers(tier));
        environment["MEMFUN_AGENT_TIMEOUT_S"] = "12";
        var never = new TaskCompletionSource();
        _model.Enqueue(new ScriptedReply { Text = Code("print('never')"), HoldUntil = never.Task });
        _model.RespondWith(_ => ScriptedReply.Say(Code("SUBMIT('finished by the survivor')")));
        var first = await WorkerProcess.StartAsync(await CloneAsync("w1"), environment, "--agent", "coding", "--repo", _clones.Combine("w1"));
        var submit = Submitter(tier, TestServers(tier), timeout: "12").RunAsync("ask", "who finishes?", "--remote");
        await Runtime.Conformance.Eventually.HoldsAsync(() => Task.FromResult(_model.Requests.Count == 1), "the first worker is mid-task", TimeSpan.FromSeconds(60));

        await first.KillAsync();
        await first.DisposeAsync();
        await using var second = await WorkerProcess.StartAsync(await CloneAsync("w2"), environment, "--agent", "coding", "--repo", _clones.Combine("w2"));
        var result = await submit;

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        Assert.Contains("finished by the survivor", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"/{second.Id}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(_cli.Project.Combine(".memfun/traces"), "*.jsonl").Length);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task TierRestartedMidTask_TheWorkerReconnects_AndTheResultStillArrives(string tier)
    {
        await using var server = tier == "redis" ? await ServerProcess.StartRedisAsync() : await ServerProcess.StartNatsAsync();
        var url = $"{tier}://127.0.0.1:{server.Port}";
        var release = new TaskCompletionSource();
        _model.Enqueue(new ScriptedReply { Text = Code("SUBMIT('survived the restart')"), HoldUntil = release.Task });
        await using var worker = await WorkerProcess.StartAsync(await CloneAsync("w1"), Environment(tier, url), "--agent", "coding", "--repo", _clones.Combine("w1"));
        // The timeout turns a lost reply into a failure instead of a hang.
        var submit = Submitter(tier, url, timeout: "120").RunAsync("ask", "still there?", "--remote");
        await Runtime.Conformance.Eventually.HoldsAsync(() => Task.FromResult(_model.Requests.Count == 1), "the worker is mid-task", TimeSpan.FromSeconds(60));

        await server.StopAsync();
        await server.StartAsync();
        release.SetResult();
        var result = await submit;

        Assert.True(result.ExitCode == ExitCodes.Success, result.Stderr);
        Assert.Contains("survived the restart", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task AWorkerHostsTheRepositorysAgentMdAgents_ByDefault_AndTheyAnswerDelegations(string tier)
    {
        _cli.Project.WriteFile(".memfun/agents/helper/AGENT.md", "---\nname: helper\ndescription: Helps.\ncapabilities: helping\n---\nHELPER-INSTRUCTIONS\n");
        var clone = await CloneAsync("w1");
        Directory.CreateDirectory(Path.Combine(clone, ".memfun/agents/helper"));
        File.Copy(_cli.Project.Combine(".memfun/agents/helper/AGENT.md"), Path.Combine(clone, ".memfun/agents/helper/AGENT.md"));
        await using var worker = await WorkerProcess.StartAsync(clone, Environment(tier, TestServers(tier)), "--repo", clone);
        _model.Enqueue(ScriptedReply.Say(Code("SUBMIT('helped from the worker')")));
        var builder = tier == "redis"
            ? new Runtime.RuntimeBuilder().UseRedis(new RedisBackendOptions { Url = TestServers(tier), Namespace = _namespace })
            : new Runtime.RuntimeBuilder().UseNats(new NatsBackendOptions { Url = TestServers(tier), Namespace = _namespace });
        await using var runtime = await builder.BuildAsync(Cancellation);

        var answer = await new Skills.Agents.Delegator(runtime.Context, runtime.Orchestrator).InvokeAsync("capability:helping", "help me", Cancellation);

        Assert.Equal("helped from the worker", answer);
        Assert.Contains("HELPER-INSTRUCTIONS", _model.Requests[0].MessageTexts[0], StringComparison.Ordinal);
        Assert.Contains(await runtime.Context.Registry.DiscoverAsync("ask", Cancellation).ToListAsync(Cancellation), a => a.Name == "coding");
    }

    /// <summary>The <c>text_delta</c> events of a <c>stream-json</c> output, in order.</summary>
    private static List<(int Turn, string? Text)> TextDeltas(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "text_delta")
            .Select(e => (e.GetProperty("turn").GetInt32(), e.GetProperty("text").GetString()))];

    private static string TestServers(string tier) => tier == "redis" ? Testing.TestServers.RedisUrl : Testing.TestServers.NatsUrl;

    private Dictionary<string, string> Environment(string tier, string url) => new(StringComparer.Ordinal)
    {
        ["MEMFUN_BACKEND_TIER"] = tier,
        [tier == "redis" ? "MEMFUN_BACKEND_REDIS_URL" : "MEMFUN_BACKEND_NATS_URL"] = url,
        ["MEMFUN_BACKEND_NAMESPACE"] = _namespace,
        ["MEMFUN_LLM_BASE_URL"] = _model.BaseUrl,
        ["MEMFUN_LLM_MODEL"] = "test-model",
        ["XDG_CONFIG_HOME"] = _clones.Combine("xdg"),
    };

    private CliHarness Submitter(string tier, string url, string? timeout = null)
    {
        foreach (var (name, value) in Environment(tier, url))
        {
            _cli.Environment[name] = value;
        }

        if (timeout is not null)
        {
            _cli.Environment["MEMFUN_AGENT_TIMEOUT_S"] = timeout;
        }

        return _cli;
    }

    private async Task<string> CloneAsync(string name)
    {
        var clone = _clones.Combine(name);
        if (!Directory.Exists(clone))
        {
            await GitAsync(_clones.Path, "clone", "-q", _cli.Project.Path, name);
        }

        return clone;
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var result = await ProcessRunner.TryRunAsync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", .. arguments], directory, cancellationToken: Cancellation);
        Assert.NotNull(result);
        Assert.True(result.Succeeded, result.Stderr);
        return result.Stdout;
    }
}
