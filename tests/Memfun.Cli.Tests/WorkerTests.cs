using System.Globalization;
using System.Text;
using Memfun.Cli.Commands.Worker;
using Memfun.Runtime;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Events;
using Memfun.Runtime.Nats;
using Memfun.Runtime.Redis;
using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>Real <c>memfun worker</c> processes on the shared Redis and NATS test servers.</summary>
public sealed class WorkerTests : IDisposable
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);
    private readonly TempDirectory _project = new();
    private readonly string _namespace = "w" + Guid.NewGuid().ToString("N")[..12];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task TwoWorkers_ShareTheTasksOfOneQueue(string tier)
    {
        // A long ack timeout so that only the idle worker, never a redelivery, can take the second task.
        await using var runtime = await ConnectAsync(tier, TimeSpan.FromMinutes(10));
        await using var first = await WorkerProcess.StartAsync(_project.Path, WorkerEnvironment(tier), "--agent", "sleep");
        await using var second = await WorkerProcess.StartAsync(_project.Path, WorkerEnvironment(tier), "--agent", "sleep");
        var longTask = NewTask(10_000);
        var longDispatch = runtime.Orchestrator.DispatchAsync("sleep", longTask, TimeSpan.FromSeconds(120), Cancellation);
        var (holder, idle) = await WhoHoldsAsync(runtime, longTask, first, second);

        var shortResult = await runtime.Orchestrator.DispatchAsync("sleep", NewTask(100), TimeSpan.FromSeconds(120), Cancellation);
        var longResult = await longDispatch;

        Assert.True(shortResult.Succeeded, shortResult.Error);
        Assert.True(longResult.Succeeded, longResult.Error);
        Assert.Equal(idle.Id.ToString(CultureInfo.InvariantCulture), shortResult.Output);
        Assert.Equal(holder.Id.ToString(CultureInfo.InvariantCulture), longResult.Output);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task WorkerKilledMidTask_AnotherWorkerFinishesItAfterRedelivery(string tier)
    {
        await using var runtime = await ConnectAsync(tier);
        await using var first = await WorkerProcess.StartAsync(_project.Path, WorkerEnvironment(tier), "--agent", "sleep");
        await using var second = await WorkerProcess.StartAsync(_project.Path, WorkerEnvironment(tier), "--agent", "sleep");
        var task = NewTask(5_000);
        var dispatch = runtime.Orchestrator.DispatchAsync("sleep", task, TimeSpan.FromSeconds(120), Cancellation);
        var (holder, survivor) = await WhoHoldsAsync(runtime, task, first, second);

        await holder.KillAsync();
        var result = await dispatch;

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(survivor.Id.ToString(CultureInfo.InvariantCulture), result.Output);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("nats")]
    public async Task WorkerStoppedMidTask_GivesTheTaskBack_AndAnotherWorkerFinishesIt(string tier)
    {
        // The queue's ack timeout is ten minutes: only the stopping worker's nack can hand the task over in time.
        await using var runtime = await ConnectAsync(tier, TimeSpan.FromMinutes(10));
        await using var first = await WorkerProcess.StartAsync(_project.Path, WorkerEnvironment(tier), "--agent", "sleep");
        await using var second = await WorkerProcess.StartAsync(_project.Path, WorkerEnvironment(tier), "--agent", "sleep");
        var task = NewTask(5_000);
        var dispatch = runtime.Orchestrator.DispatchAsync("sleep", task, TimeSpan.FromSeconds(120), Cancellation);
        var (holder, survivor) = await WhoHoldsAsync(runtime, task, first, second);

        var exitCode = await holder.StopAsync();
        var result = await dispatch;

        Assert.Equal(0, exitCode);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(survivor.Id.ToString(CultureInfo.InvariantCulture), result.Output);
    }

    /// <summary>Waits until one of the workers holds <paramref name="task"/>; returns it and the other one.</summary>
    private static async Task<(WorkerProcess Holder, WorkerProcess Other)> WhoHoldsAsync(MemfunRuntime runtime, AgentTask task, WorkerProcess first, WorkerProcess second)
    {
        await Runtime.Conformance.Eventually.HoldsAsync(
            async () => await runtime.Context.State.GetAsync(SleepAgent.InFlightKey(task.TaskId), Cancellation) is not null,
            "a worker holds the task",
            TimeSpan.FromSeconds(60));
        var pid = Encoding.UTF8.GetString((await runtime.Context.State.GetAsync(SleepAgent.InFlightKey(task.TaskId), Cancellation))!.Value.Span);
        return pid == first.Id.ToString(CultureInfo.InvariantCulture) ? (first, second) : (second, first);
    }

    public void Dispose() => _project.Dispose();

    private static AgentTask NewTask(int milliseconds) =>
        new(Guid.NewGuid().ToString("N"), "sleep", milliseconds.ToString(CultureInfo.InvariantCulture), null, null, 0, DateTimeOffset.UtcNow);

    private static string Url(string tier) => tier == "redis" ? TestServers.RedisUrl : TestServers.NatsUrl;

    private Dictionary<string, string> WorkerEnvironment(string tier) => new(StringComparer.Ordinal)
    {
        ["MEMFUN_BACKEND_TIER"] = tier,
        [tier == "redis" ? "MEMFUN_BACKEND_REDIS_URL" : "MEMFUN_BACKEND_NATS_URL"] = Url(tier),
        ["MEMFUN_BACKEND_NAMESPACE"] = _namespace,
    };

    /// <summary>The test's own runtime on the workers' namespace, with a short ack timeout on the sleep agent's queue.</summary>
    private async Task<MemfunRuntime> ConnectAsync(string tier, TimeSpan? ackTimeout = null)
    {
        var builder = tier == "redis"
            ? new RuntimeBuilder().UseRedis(new RedisBackendOptions { Url = Url(tier), Namespace = _namespace })
            : new RuntimeBuilder().UseNats(new NatsBackendOptions { Url = Url(tier), Namespace = _namespace });
        var runtime = await builder.BuildAsync(Cancellation);
        await runtime.Context.EventBus.CreateTopicAsync(AgentTopics.Tasks("sleep"), new TopicOptions { AckTimeout = ackTimeout ?? AckTimeout }, Cancellation);
        return runtime;
    }
}
