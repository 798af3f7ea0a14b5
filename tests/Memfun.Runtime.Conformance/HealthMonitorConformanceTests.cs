using Memfun.Runtime.Health;

namespace Memfun.Runtime.Conformance;

/// <summary>The semantics of <see cref="IHealthMonitor"/> on every tier.</summary>
/// <typeparam name="TTier">The tier under test.</typeparam>
public abstract class HealthMonitorConformanceTests<TTier> : ConformanceSuite<TTier>
    where TTier : RuntimeTier, new()
{
    private IHealthMonitor Health => Runtime.Context.Health;

    [Fact]
    public async Task Health_GoesFromUnknownToHealthyToDegradedToUnhealthy()
    {
        Assert.Equal(HealthState.Unknown, (await Health.CheckAsync("worker", Cancellation)).State);

        await Health.HeartbeatAsync("worker", new Dictionary<string, double> { ["queue"] = 3 }, Cancellation);
        var healthy = await Health.CheckAsync("worker", Cancellation);

        Assert.Equal(HealthState.Healthy, healthy.State);
        Assert.Equal(3, healthy.Metrics["queue"]);
        await Eventually.HoldsAsync(async () => (await Health.CheckAsync("worker", Cancellation)).State == HealthState.Degraded, "the component is degraded");
        await Eventually.HoldsAsync(async () => (await Health.CheckAsync("worker", Cancellation)).State == HealthState.Unhealthy, "the component is unhealthy");
    }

    [Fact]
    public async Task MissedHeartbeats_RaiseAlerts()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(TimeSpan.FromSeconds(15));
        var alerts = new List<HealthAlert>();
        var listening = Task.Run(async () =>
        {
            await foreach (var alert in Health.SubscribeAlertsAsync(stop.Token))
            {
                alerts.Add(alert);
                if (alert.Current == HealthState.Unhealthy)
                {
                    break;
                }
            }
        });

        await Health.HeartbeatAsync("agent-1", cancellationToken: Cancellation);
        await listening;

        // The first alert (Unknown -> Healthy) depends on whether the heartbeat beat the subscription; the decline does not.
        var states = alerts.Where(a => a.ComponentId == "agent-1").Select(a => a.Current).SkipWhile(s => s == HealthState.Healthy);
        Assert.Equal([HealthState.Degraded, HealthState.Unhealthy], states);
    }
}
