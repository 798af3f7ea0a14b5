using Memfun.Runtime.Health;
using Memfun.Runtime.InProcess;

namespace Memfun.Runtime.Tests;

/// <summary>The alerts of <see cref="StateHealthMonitor"/> when its checks come late, as they do on a busy machine.</summary>
public sealed class StateHealthMonitorTests
{
    private static readonly HealthOptions Options = new()
    {
        HealthyWithin = TimeSpan.FromSeconds(5),
        DegradedWithin = TimeSpan.FromSeconds(8),
        CheckInterval = TimeSpan.FromMilliseconds(50),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AHeartbeatFirstFoundPastDegraded_StillAlertsDegraded_ThenUnhealthy()
    {
        await using var store = new InProcessStateStore(TimeProvider.System);
        var monitor = new StateHealthMonitor(store, Options);
        // An alert that never comes ends the subscription (MoveNextAsync false) instead of waiting forever.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        await using var alerts = monitor.SubscribeAlertsAsync(limit.Token).GetAsyncEnumerator(limit.Token);
        var healthy = alerts.MoveNextAsync();
        await monitor.HeartbeatAsync("worker", cancellationToken: Cancellation);
        Assert.True(await healthy);
        Assert.Equal(HealthState.Healthy, alerts.Current.Current);

        // The check after this one finds a beat a minute old: it never saw the component degraded.
        await new StateHealthMonitor(store, Options, new ShiftedTime(TimeSpan.FromMinutes(-1))).HeartbeatAsync("worker", cancellationToken: Cancellation);
        Assert.True(await alerts.MoveNextAsync());
        var degraded = alerts.Current;
        Assert.True(await alerts.MoveNextAsync());
        var unhealthy = alerts.Current;

        Assert.Equal(("worker", HealthState.Healthy, HealthState.Degraded), (degraded.ComponentId, degraded.Previous, degraded.Current));
        Assert.Equal(("worker", HealthState.Degraded, HealthState.Unhealthy), (unhealthy.ComponentId, unhealthy.Previous, unhealthy.Current));
    }

    // The system clock, moved: heartbeats sent through it carry an old time.
    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
