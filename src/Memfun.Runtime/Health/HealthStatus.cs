namespace Memfun.Runtime.Health;

/// <summary>A component's health as of <see cref="CheckedAt"/>.</summary>
/// <param name="ComponentId">The component (agent instance, worker, backend) the status is about.</param>
/// <param name="State">Its health.</param>
/// <param name="LastHeartbeat">When it last sent a heartbeat, if ever.</param>
/// <param name="CheckedAt">When the status was computed.</param>
/// <param name="Metrics">The numeric metrics sent with the last heartbeat.</param>
/// <param name="Message">A human-readable note, if any.</param>
public sealed record HealthStatus(
    string ComponentId,
    HealthState State,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset CheckedAt,
    IReadOnlyDictionary<string, double> Metrics,
    string? Message);
