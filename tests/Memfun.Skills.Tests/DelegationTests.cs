using Memfun.Core.Errors;
using Memfun.Runtime;
using Memfun.Runtime.Errors;
using Memfun.Skills.Agents;
using Memfun.Testing;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Tests;

/// <summary>Delegation between defined agents through the orchestrator, on the in-process (T0) and SQLite (T1) tiers.</summary>
public sealed class DelegationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Tiers => new() { "memory", "sqlite" };

    private Task<MemfunRuntime> RuntimeAsync(string tier) =>
        (tier == "sqlite" ? new RuntimeBuilder().UseSqlite(_dir.Combine("memfun.db")) : new RuntimeBuilder().UseInProcess()).BuildAsync(TestContext.Current.CancellationToken);

    private static AgentCatalog Catalog(params (string Name, string Capabilities)[] agents) =>
        new([.. agents.Select(a => new AgentDefinition
        {
            Name = a.Name,
            Description = $"The {a.Name} agent.",
            Capabilities = a.Capabilities.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Trust = TrustTier.BuiltIn,
            Instructions = "Work.",
            FilePath = $"/agents/{a.Name}/AGENT.md",
        })], [], []);

    [Theory]
    [MemberData(nameof(Tiers))]
    public async Task Agent_HandsASubTaskToAnotherByName_AndUsesItsAnswer(string tier)
    {
        await using var runtime = await RuntimeAsync(tier);
        var executor = new ScriptedExecutor
        {
            ["lead"] = async (invocation, token) => "lead got: " + await invocation.DelegateAsync("helper", "sub-task of " + invocation.Task, token),
            ["helper"] = (invocation, _) => Task.FromResult($"helper did '{invocation.Task}' at depth {invocation.Depth}, chain {string.Join(">", invocation.Chain)}"),
        };
        var delegator = await AgentHost.StartAsync(runtime, Catalog(("lead", "planning"), ("helper", "code-review")), executor, cancellationToken: TestContext.Current.CancellationToken);

        var answer = await delegator.InvokeAsync("lead", "the job", TestContext.Current.CancellationToken);

        Assert.Equal("lead got: helper did 'sub-task of the job' at depth 1, chain lead>helper", answer);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public async Task Agent_HandsASubTaskByCapability(string tier)
    {
        await using var runtime = await RuntimeAsync(tier);
        var executor = new ScriptedExecutor
        {
            ["lead"] = (invocation, token) => invocation.DelegateAsync("capability:code-review", "review this", token),
            ["helper"] = (_, _) => Task.FromResult("reviewed by helper"),
        };
        var delegator = await AgentHost.StartAsync(runtime, Catalog(("lead", "planning"), ("helper", "code-review")), executor, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("reviewed by helper", await delegator.InvokeAsync("lead", "go", TestContext.Current.CancellationToken));
        Assert.Equal("reviewed by helper", await delegator.InvokeAsync("capability:code-review", "go", TestContext.Current.CancellationToken));
        var registered = await runtime.Context.Registry.DiscoverAsync("code-review", TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal("helper", Assert.Single(registered).Name);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public async Task DelegationLoop_AToBToA_IsAPreciseError(string tier)
    {
        await using var runtime = await RuntimeAsync(tier);
        var executor = new ScriptedExecutor
        {
            ["alpha"] = (invocation, token) => invocation.DelegateAsync("beta", "ping", token),
            ["beta"] = (invocation, token) => invocation.DelegateAsync("alpha", "pong", token),
        };
        var delegator = await AgentHost.StartAsync(runtime, Catalog(("alpha", ""), ("beta", "")), executor, cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AgentException>(() => delegator.InvokeAsync("alpha", "start", TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.AgentDelegationLoop, error.ErrorCode);
        Assert.Equal("Delegation loop: alpha → beta → alpha. 'alpha' is already working on this request.", error.Message);
    }

    [Fact]
    public async Task DepthLimit_StopsLongChains()
    {
        await using var runtime = await RuntimeAsync("memory");
        var executor = new ScriptedExecutor
        {
            ["a"] = (i, t) => i.DelegateAsync("b", "x", t),
            ["b"] = (i, t) => i.DelegateAsync("c", "x", t),
            ["c"] = (_, _) => Task.FromResult("deep"),
        };
        var delegator = await AgentHost.StartAsync(runtime, Catalog(("a", ""), ("b", ""), ("c", "")), executor, new DelegationOptions { MaxDepth = 1 }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AgentException>(() => delegator.InvokeAsync("a", "go", TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.AgentFailure, error.ErrorCode);
        Assert.Contains("depth limit is 1 (a → b)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budget_LimitsHowManySubTasksARequestHandsOut()
    {
        await using var runtime = await RuntimeAsync("memory");
        var executor = new ScriptedExecutor
        {
            ["lead"] = async (i, t) =>
            {
                await i.DelegateAsync("helper", "1", t);
                await i.DelegateAsync("helper", "2", t);
                return await i.DelegateAsync("helper", "3", t);
            },
            ["helper"] = (i, _) => Task.FromResult(i.Task),
        };
        var delegator = await AgentHost.StartAsync(runtime, Catalog(("lead", ""), ("helper", "")), executor, new DelegationOptions { MaxDelegations = 2 }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AgentException>(() => delegator.InvokeAsync("lead", "go", TestContext.Current.CancellationToken));

        Assert.Contains("budget of 2 delegations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTarget_IsAgentNotFound()
    {
        await using var runtime = await RuntimeAsync("memory");
        var delegator = await AgentHost.StartAsync(runtime, Catalog(("lead", "")), new ScriptedExecutor(), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AgentException>(() => delegator.InvokeAsync("nobody", "go", TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.AgentNotFound, error.ErrorCode);
    }

    /// <summary>An executor whose behaviour per agent is a function (a hand-written fake, not a mock).</summary>
    private sealed class ScriptedExecutor : Dictionary<string, Func<AgentInvocation, CancellationToken, Task<string>>>, IAgentExecutor
    {
        public Task<string> ExecuteAsync(AgentDefinition agent, AgentInvocation invocation, CancellationToken cancellationToken = default) =>
            this[agent.Name](invocation, cancellationToken);
    }
}
