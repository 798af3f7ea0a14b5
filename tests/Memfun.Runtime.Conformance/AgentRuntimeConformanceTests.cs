using Memfun.Core.Errors;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Errors;

namespace Memfun.Runtime.Conformance;

/// <summary>Agents, lifecycle and orchestration on every tier: tasks and results travel over the tier's event bus.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class AgentRuntimeConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private async Task WaitForCapabilityAsync(string capability) =>
        await Eventually.HoldsAsync(async () => await Runtime.Context.Registry.DiscoverAsync(capability, Cancellation).AnyAsync(Cancellation), $"an agent with '{capability}' is registered");

    [Fact]
    public async Task TwoAgents_OneDispatchesToTheOtherByCapability()
    {
        await Runtime.Agents.StartAsync(new TestAgents.Function("reviewer", ["review"], p => $"reviewed:{p}"), Cancellation);
        await Runtime.Agents.StartAsync(new TestAgents.Delegating("planner", "review", Runtime.Orchestrator), Cancellation);
        await WaitForCapabilityAsync("review");

        var result = await Runtime.Orchestrator.DispatchAsync("planner", TestAgents.Task("diff-42"), Timeout, Cancellation);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("planner(reviewed:diff-42)", result.Output);
        Assert.StartsWith("planner-", result.AgentId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_WithoutACapableAgent_IsATypedError()
    {
        var error = await Assert.ThrowsAsync<AgentException>(() => Runtime.Orchestrator.RouteAsync("translate", TestAgents.Task("x"), Timeout, Cancellation));

        Assert.Equal(MemfunErrorCodes.AgentNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task FanOut_ReturnsPartialResultsInOrder()
    {
        await Runtime.Agents.StartAsync(new TestAgents.Function("picky", [], p => p == "bad" ? throw new InvalidOperationException("refused bad input") : p.ToUpperInvariant()), Cancellation);

        var results = await Runtime.Orchestrator.FanOutAsync(
            new[] { "a", "bad", "c", "d" }.Select(p => new AgentAssignment("picky", TestAgents.Task(p))).ToList(), maxParallel: 2, Timeout, Cancellation);

        Assert.Equal([true, false, true, true], results.Select(r => r.Succeeded));
        Assert.Equal(["A", "", "C", "D"], results.Select(r => r.Output));
        Assert.Equal("refused bad input", results[1].Error);
    }

    [Fact]
    public async Task Pipeline_FeedsEachOutputToTheNextAgent()
    {
        await Runtime.Agents.StartAsync(new TestAgents.Function("upper", [], p => p.ToUpperInvariant()), Cancellation);
        await Runtime.Agents.StartAsync(new TestAgents.Function("reverse", [], p => new string(p.Reverse().ToArray())), Cancellation);

        var results = await Runtime.Orchestrator.PipelineAsync(["upper", "reverse"], TestAgents.Task("abc"), Timeout, Cancellation);

        Assert.Equal(["ABC", "CBA"], results.Select(r => r.Output));
        Assert.NotEqual(results[0].TaskId, results[1].TaskId);
    }

    [Fact]
    public async Task Dispatch_PastItsTimeout_ReturnsATimedOutResult()
    {
        await Runtime.Agents.StartAsync(new TestAgents.Slow("stuck"), Cancellation);

        var result = await Runtime.Orchestrator.DispatchAsync("stuck", TestAgents.Task("x"), TimeSpan.FromMilliseconds(300), Cancellation);

        Assert.False(result.Succeeded);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_StartStopRestart()
    {
        var id = await Runtime.Agents.StartAsync(new TestAgents.Function("echo", ["echo"], p => p), Cancellation);

        Assert.Equal(AgentState.Running, Runtime.Agents.Status(id).State);
        Assert.Equal(["echo"], (await Runtime.Context.Registry.GetAsync(id, Cancellation))?.Capabilities);
        await Runtime.Agents.RestartAsync(id, Cancellation);
        Assert.Equal(AgentState.Running, Runtime.Agents.Status(id).State);
        Assert.True((await Runtime.Orchestrator.DispatchAsync("echo", TestAgents.Task("still here"), Timeout, Cancellation)).Succeeded);
        Assert.True(await Runtime.Agents.StopAsync(id, Cancellation));
        Assert.Equal(AgentState.Stopped, Runtime.Agents.Status(id).State);
        Assert.Null(await Runtime.Context.Registry.GetAsync(id, Cancellation));
        Assert.Equal(AgentState.Unknown, Runtime.Agents.Status("never-started").State);
    }

    [Fact]
    public async Task CrashedAgent_IsRestartedWithBackoffAndServesAgain()
    {
        await using var runtime = await BuildRuntimeAsync(backend => new FaultyBackend(backend, failingSubscriptions: 2));
        var id = await runtime.Agents.StartAsync(new TestAgents.Function("fragile", [], p => $"ok:{p}"), Cancellation);

        var result = await runtime.Orchestrator.DispatchAsync("fragile", TestAgents.Task("1"), Timeout, Cancellation);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, runtime.Agents.Status(id).RestartCount);
        Assert.Equal(AgentState.Running, runtime.Agents.Status(id).State);
        Assert.Contains("injected", runtime.Agents.Status(id).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppingAnInstanceMidTask_LetsAnotherInstanceFinishIt()
    {
        var first = new TestAgents.Slow("worker");
        var firstId = await Runtime.Agents.StartAsync(first, Cancellation);
        var dispatch = Runtime.Orchestrator.DispatchAsync("worker", TestAgents.Task("job"), Timeout, Cancellation);
        await first.Started.Task.WaitAsync(Timeout, Cancellation);

        var second = new TestAgents.Slow("worker");
        second.Release.SetResult();
        var secondId = await Runtime.Agents.StartAsync(second, Cancellation);
        await Runtime.Agents.StopAsync(firstId, Cancellation);
        var result = await dispatch;

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(secondId, result.AgentId);
    }
}
