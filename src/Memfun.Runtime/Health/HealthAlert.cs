
namespace Memfun.Runtime.Health;

/// <summary>A change of a component's health.</summary>
/// <param name="ComponentId">The component.</param>
/// <param name="Previous">Its health before.</param>
/// <param name="Current">Its health now.</param>
/// <param name="At">When the change was noticed.</param>
public sealed record HealthAlert(string ComponentId, HealthState Previous, HealthState Current, DateTimeOffset At);
