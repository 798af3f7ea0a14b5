using System.Runtime.CompilerServices;
using Memfun.Runtime.Internal;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Health;

/// <summary>Health from heartbeats stored in any tier's state store, so every process sees the same health.</summary>
public sealed class StateHealthMonitor(IStateStore store, HealthOptions? options = null, TimeProvider? timeProvider = null) : IHealthMonitor
{
    private const string Prefix = "runtime/health/";
    private readonly HealthOptions _options = options ?? HealthOptions.Default;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public async ValueTask HeartbeatAsync(string componentId, IReadOnlyDictionary<string, double>? metrics = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(componentId);
        var beat = new Beat(_time.GetUtcNow(), new Dictionary<string, double>(metrics ?? new Dictionary<string, double>(), StringComparer.Ordinal));
        await store.SetAsync(Prefix + componentId, StateJson.Serialize(beat), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<HealthStatus> CheckAsync(string componentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(componentId);
        var beat = await StateJson.GetAsync<Beat>(store, Prefix + componentId, cancellationToken).ConfigureAwait(false);
        return Judge(componentId, beat?.Value);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<HealthStatus>> CheckAllAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<HealthStatus>();
        await foreach (var key in store.ListKeysAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            statuses.Add(await CheckAsync(key[Prefix.Length..], cancellationToken).ConfigureAwait(false));
        }

        return statuses;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<HealthAlert> SubscribeAlertsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var known = (await CheckAllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.ComponentId, s => s.State, StringComparer.Ordinal);
        using var timer = new PeriodicTimer(_options.CheckInterval, _time);
        while (true)
        {
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            foreach (var status in await CheckAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var previous = known.GetValueOrDefault(status.ComponentId, HealthState.Unknown);
                if (previous != status.State)
                {
                    known[status.ComponentId] = status.State;
                    // A heartbeat ages through Degraded on its way to Unhealthy: a check that comes late (a busy machine, a
                    // slow store) must not skip that alert, which is the one that warns before a component is given up.
                    if (previous == HealthState.Healthy && status.State == HealthState.Unhealthy && status.LastHeartbeat is not null)
                    {
                        yield return new HealthAlert(status.ComponentId, previous, HealthState.Degraded, status.CheckedAt);
                        previous = HealthState.Degraded;
                    }

                    yield return new HealthAlert(status.ComponentId, previous, status.State, status.CheckedAt);
                }
            }
        }
    }

    private HealthStatus Judge(string componentId, Beat? beat)
    {
        var now = _time.GetUtcNow();
        if (beat is null)
        {
            return new HealthStatus(componentId, HealthState.Unknown, null, now, new Dictionary<string, double>(), "no heartbeat received");
        }

        var age = now - beat.At;
        var state = age <= _options.HealthyWithin ? HealthState.Healthy : age <= _options.DegradedWithin ? HealthState.Degraded : HealthState.Unhealthy;
        var message = state == HealthState.Healthy ? null : $"last heartbeat {age.TotalSeconds:0.#} s ago";
        return new HealthStatus(componentId, state, beat.At, now, beat.Metrics, message);
    }

    private sealed record Beat(DateTimeOffset At, Dictionary<string, double> Metrics);
}
