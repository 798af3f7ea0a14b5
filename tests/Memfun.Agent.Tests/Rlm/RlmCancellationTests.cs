using Memfun.Agent.Rlm;
using Memfun.Sandbox;
using Memfun.Testing.Llm;
using static Memfun.Agent.Tests.RlmHarness;

namespace Memfun.Agent.Tests.Rlm;

/// <summary>
/// One token flows from the caller to every sub-call and child run: cancelling a run mid-batch or mid-<c>rlm_query</c>
/// aborts the in-flight model requests and sends no more. Each case runs on the real sandbox and on one that hands
/// host calls no token (as a sandbox that only stops its kernel late would), so the engine's own wiring is what is tested.
/// </summary>
public sealed class RlmCancellationTests : IAsyncLifetime
{
    // Longer than any test may run: a reply only ever comes back if the call is not cancelled.
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(1);
    private RlmHarness _harness = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await StartAsync(Cancellation);

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancelMidBatch_AbortsEveryInFlightSubCallAndSendsNoMore(bool tokenlessSandbox)
    {
        _harness.SubCallDelay = Forever;
        _harness.Root(Code("answers = llm_query_batched(['a', 'b', 'c'])\nprint(answers)"), Code("SUBMIT('never')"));

        var requests = await CancelWhenAsync(tokenlessSandbox, new RlmRequest { Query = "q" }, () => _harness.SubRequests.Count == 3);

        await Until(() => _harness.Server.AbortedRequests.Count == 3);
        Assert.Equal(3, _harness.Server.AbortedRequests.Count(r => r.Model == SubModel));
        Assert.Equal(requests, _harness.Server.Requests.Count);
        Assert.Equal(4, requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancelMidRlmQuery_CancelsTheChildRunAndItsSubCall(bool tokenlessSandbox)
    {
        _harness.SubCallDelay = Forever;
        _harness.Root(
            Code("print(rlm_query('child task', 'child context'))"),
            Code("print(llm_query('slow question'))"),
            Code("SUBMIT('never')"),
            Code("SUBMIT('never')"));

        var requests = await CancelWhenAsync(tokenlessSandbox, new RlmRequest { Query = "q" }, () => _harness.SubRequests.Count == 1);

        await Until(() => _harness.Server.AbortedRequests.Count == 1);
        Assert.Equal("slow question", Assert.Single(_harness.Server.AbortedRequests).LastMessageText);
        Assert.Equal(requests, _harness.Server.Requests.Count);
        Assert.Equal(3, requests);
        var finished = _harness.Observer.OfType<RlmRunFinished>();
        Assert.Equal([(1, "cancelled"), (0, "cancelled")], finished.Select(f => (f.Depth, f.Error)));
    }

    [Fact]
    public async Task RlmQueryChild_InheritsTheRequestsModelAndIterationLimit()
    {
        var replies = new Queue<string>([Code("SUBMIT(rlm_query('child task', 'child context'))"), "Child prose, no code.", "The child's extracted answer."]);
        _harness.Server.RespondWith(_ => ScriptedReply.Say(replies.Dequeue()));

        var result = await _harness.RunAsync(new RlmRequest { Query = "q", Model = "agent-model", MaxIterations = 1 }, cancellationToken: Cancellation);

        Assert.Equal("The child's extracted answer.", result.Answer);
        Assert.Equal(["agent-model", "agent-model", "agent-model"], _harness.Server.Requests.Select(r => r.Model));
        var child = _harness.Server.Requests[1];
        Assert.Contains("child task", string.Join('\n', child.MessageTexts), StringComparison.Ordinal);
        Assert.Contains("Limits: 1 turns", child.MessageTexts[0], StringComparison.Ordinal);
        Assert.Equal(["agent-model", "agent-model"], _harness.Observer.OfType<RlmRunStarted>().Select(s => s.Model));
    }

    /// <summary>Starts a run, cancels it once <paramref name="inFlight"/> holds, and returns how many requests the server had then.</summary>
    private async Task<int> CancelWhenAsync(bool tokenlessSandbox, RlmRequest request, Func<bool> inFlight)
    {
        using var clients = _harness.Clients();
        ISandbox sandbox = tokenlessSandbox ? new TokenlessSandbox(_harness.Sandbox) : _harness.Sandbox;
        var engine = new RlmEngine(clients, sandbox, new SandboxOptions { ProjectRoot = _harness.Project.Path, Timeout = TimeSpan.FromMinutes(5), MemoryMb = 512 }, new RlmOptions(), _harness.Observer);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var run = engine.RunAsync(request, cancel.Token);

        await Until(inFlight);
        var requests = _harness.Server.Requests.Count;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline, Cancellation));
        return requests;
    }

    private static async Task Until(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(Deadline);
        while (!condition())
        {
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, deadline.Token);
        }
    }

    /// <summary>The real sandbox, except that host calls get no token: only the engine can cancel them.</summary>
    private sealed class TokenlessSandbox(ISandbox inner) : ISandbox
    {
        public ValueTask<SandboxHandle> CreateAsync(SandboxOptions options, CancellationToken cancellationToken = default) =>
            inner.CreateAsync(options with
            {
                HostFunctions = options.HostFunctions.ToDictionary(f => f.Key, f => (SandboxHostFunction)((arguments, _) => f.Value(arguments, CancellationToken.None)), StringComparer.Ordinal),
            }, cancellationToken);

        public ValueTask<ExecutionResult> ExecuteAsync(SandboxHandle handle, string code, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            inner.ExecuteAsync(handle, code, timeout, cancellationToken);

        public ValueTask SetVariableAsync(SandboxHandle handle, string name, string value, CancellationToken cancellationToken = default) =>
            inner.SetVariableAsync(handle, name, value, cancellationToken);

        public ValueTask DestroyAsync(SandboxHandle handle, CancellationToken cancellationToken = default) =>
            inner.DestroyAsync(handle, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
