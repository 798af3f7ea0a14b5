
namespace Memfun.Runtime.Health;

/// <summary>Judges components' health from their heartbeats, and raises alerts when they change.</summary>
public interface IHealthMonitor
{
    /// <summary>Records a heartbeat with optional metrics.</summary>
    ValueTask HeartbeatAsync(string componentId, IReadOnlyDictionary<string, double>? metrics = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a component's health now (Unknown if it never sent a heartbeat).</summary>
    ValueTask<HealthStatus> CheckAsync(string componentId, CancellationToken cancellationToken = default);

    /// <summary>Returns the health of every component that ever sent a heartbeat.</summary>
    ValueTask<IReadOnlyList<HealthStatus>> CheckAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams an alert each time a component's health changes (a missed heartbeat makes it Degraded, then Unhealthy).</summary>
    IAsyncEnumerable<HealthAlert> SubscribeAlertsAsync(CancellationToken cancellationToken = default);
}
