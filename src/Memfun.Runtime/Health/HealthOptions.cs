namespace Memfun.Runtime.Health;

/// <summary>When a component counts as healthy, degraded or unhealthy.</summary>
public sealed record HealthOptions
{
    /// <summary>Gets the defaults: healthy within 30 s of a heartbeat, degraded within 60 s, checked every second.</summary>
    public static HealthOptions Default { get; } = new();

    /// <summary>Gets how recent the last heartbeat must be for Healthy.</summary>
    public TimeSpan HealthyWithin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how recent the last heartbeat must be for Degraded (older is Unhealthy).</summary>
    public TimeSpan DegradedWithin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets how often alert subscribers re-check health.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}
