using Memfun.Core.Files;
using Memfun.Core.Errors;
using Memfun.Runtime.Agents;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Health;
using Memfun.Runtime.InProcess;
using Memfun.Runtime.Sessions;
using Memfun.Runtime.Skills;
using Memfun.Runtime.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Runtime;

/// <summary>
/// Builds a runtime: <c>await new RuntimeBuilder().UseSqlite(".memfun/memfun.db").BuildAsync()</c>. Other tiers
/// plug in through <see cref="UseBackend"/> (the Redis and NATS packages add <c>UseRedis</c> and <c>UseNats</c>).
/// </summary>
public sealed class RuntimeBuilder
{
    private Func<TimeProvider, CancellationToken, Task<IRuntimeBackend>> _backend = (time, _) => Task.FromResult<IRuntimeBackend>(new InProcessBackend(time));
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private TimeProvider _timeProvider = TimeProvider.System;
    private HealthOptions _health = HealthOptions.Default;
    private AgentManagerOptions _agents = AgentManagerOptions.Default;
    private readonly Dictionary<BackendTier, Func<BackendSettings, RuntimeBuilder>> _tiers = [];

    /// <summary>Uses the in-process tier (T0; the default of a new builder).</summary>
    public RuntimeBuilder UseInProcess() => UseBackend((time, _) => Task.FromResult<IRuntimeBackend>(new InProcessBackend(time)));

    /// <summary>Uses the SQLite tier (T1) with its database at <paramref name="path"/>.</summary>
    public RuntimeBuilder UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return UseBackend(async (time, token) => await SqliteBackend.OpenAsync(path, time, token).ConfigureAwait(false));
    }

    /// <summary>Uses a backend made by <paramref name="factory"/> (the extension point of the other tiers).</summary>
    public RuntimeBuilder UseBackend(Func<TimeProvider, CancellationToken, Task<IRuntimeBackend>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _backend = factory;
        return this;
    }

    /// <summary>
    /// Makes <see cref="UseSettings"/> able to choose <paramref name="tier"/>: <paramref name="configure"/> reads the
    /// <c>[backend]</c> settings and calls <see cref="UseBackend"/>. The Redis and NATS packages register themselves this way
    /// (<c>AddRedisTier()</c>, <c>AddNatsTier()</c>), so this package does not depend on them.
    /// </summary>
    public RuntimeBuilder AddTier(BackendTier tier, Action<RuntimeBuilder, BackendSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _tiers[tier] = settings =>
        {
            configure(this, settings);
            return this;
        };
        return this;
    }

    /// <summary>Sets the logger factory.</summary>
    public RuntimeBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Sets the clock (tests use a fake one).</summary>
    public RuntimeBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Sets when components count as healthy.</summary>
    public RuntimeBuilder UseHealthOptions(HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _health = options;
        return this;
    }

    /// <summary>Sets how agents are registered and restarted.</summary>
    public RuntimeBuilder UseAgentOptions(AgentManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _agents = options;
        return this;
    }

    /// <summary>Chooses the tier from the <c>[backend]</c> settings.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="projectRoot">The folder a relative SQLite path is resolved against.</param>
    /// <exception cref="BackendException">The configured tier was not added with <see cref="AddTier"/>.</exception>
    public RuntimeBuilder UseSettings(BackendSettings settings, string projectRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(projectRoot);
        return settings.Tier switch
        {
            BackendTier.Memory => UseInProcess(),
            // In the project (the default, .memfun/memfun.db), never through a link a repository planted there.
            BackendTier.Sqlite => UseSqlite(StateFiles.ThrowIfLinked(projectRoot, Path.GetFullPath(settings.SqlitePath, projectRoot))),
            var tier when _tiers.TryGetValue(tier, out var configure) => configure(settings),
            var tier => throw new BackendException(
                MemfunErrorCodes.BackendMissingFeature,
                $"The {tier.ToString().ToLowerInvariant()} tier is not available to this program.")
            {
                Hint = "The memfun command includes every tier; a program using Memfun.Runtime adds the Redis or NATS package and calls AddRedisTier() or AddNatsTier().",
            },
        };
    }

    /// <summary>Connects the tier and builds the runtime.</summary>
    public async Task<MemfunRuntime> BuildAsync(CancellationToken cancellationToken = default)
    {
        var backend = await _backend(_timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            await backend.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var state = backend.StateStore;
        var context = new RuntimeContext(
            backend.Tier,
            backend.EventBus,
            state,
            new StateAgentRegistry(state, _timeProvider),
            new StateSessionManager(state, _timeProvider),
            new StateSkillRegistry(state),
            new StateHealthMonitor(state, _health, _timeProvider),
            _loggerFactory,
            _timeProvider);
        return new MemfunRuntime(backend, context, _agents);
    }
}
