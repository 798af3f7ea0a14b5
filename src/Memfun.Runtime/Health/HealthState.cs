namespace Memfun.Runtime.Health;

/// <summary>The health of a component, judged from its heartbeats.</summary>
public enum HealthState
{
    /// <summary>No heartbeat was ever received.</summary>
    Unknown,

    /// <summary>Heartbeats arrive on time.</summary>
    Healthy,

    /// <summary>The last heartbeat is late, but not yet missing.</summary>
    Degraded,

    /// <summary>Heartbeats stopped.</summary>
    Unhealthy,
}
