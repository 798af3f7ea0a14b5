using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Events;
using Memfun.Runtime.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Runtime.Redis;

/// <summary>
/// T2: events on Redis Streams with consumer groups, state in hashes with native TTLs. Several processes on
/// several machines share one server; nothing is lost when a process dies (unacknowledged events are redelivered).
/// </summary>
public sealed class RedisBackend : IRuntimeBackend
{
    private static readonly Version MinimumVersion = new(6, 2);
    private readonly RedisConnection _connection;
    private readonly RedisEventBus _eventBus;
    private readonly RedisStateStore _stateStore;

    private RedisBackend(RedisConnection connection, RedisBackendOptions options, TimeProvider timeProvider)
    {
        _connection = connection;
        Options = options;
        _eventBus = new RedisEventBus(connection, options, timeProvider);
        _stateStore = new RedisStateStore(connection, options, timeProvider);
    }

    /// <summary>Gets the options the backend was connected with.</summary>
    public RedisBackendOptions Options { get; }

    /// <inheritdoc />
    public string Tier => "redis";

    /// <inheritdoc />
    public IEventBus EventBus => _eventBus;

    /// <inheritdoc />
    public IStateStore StateStore => _stateStore;

    /// <summary>Connects to the server named by <paramref name="options"/>.</summary>
    /// <exception cref="BackendException">The server cannot be reached or refused the credentials (code <c>MF2001</c>), within a bounded time.</exception>
    /// <exception cref="ConfigException">The URL is not a Redis URL.</exception>
    public static async Task<RedisBackend> ConnectAsync(RedisBackendOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Namespace);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RedisBackend>();
        var connection = await RedisConnection.ConnectAsync(options, logger, cancellationToken).ConfigureAwait(false);
        return new RedisBackend(connection, options, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    /// <remarks>Requires Redis 6.2 or later (<c>XAUTOCLAIM</c>, exclusive stream ranges).</remarks>
    public async ValueTask CheckAsync(CancellationToken cancellationToken = default)
    {
        var server = _connection.Multiplexer.GetServers().FirstOrDefault(s => s.IsConnected)
            ?? throw _connection.Unavailable(new InvalidOperationException("no connected server"));
        await _connection.RunAsync(() => server.PingAsync(), cancellationToken).ConfigureAwait(false);
        if (server.Version < MinimumVersion)
        {
            throw new BackendException(
                MemfunErrorCodes.BackendMissingFeature,
                $"The redis tier at {_connection.RedactedUrl} runs Redis {server.Version}; memfun needs {MinimumVersion} or later (XAUTOCLAIM).")
            {
                Hint = "Upgrade the server, or use the sqlite or nats tier.",
            };
        }
    }

    /// <summary>Deletes every key of this backend's namespace (tests and `memfun worker --reset` use it).</summary>
    internal async Task DeleteNamespaceAsync(CancellationToken cancellationToken = default)
    {
        foreach (var server in _connection.Multiplexer.GetServers())
        {
            var keys = new List<StackExchange.Redis.RedisKey>();
            await foreach (var key in server.KeysAsync(_connection.Database.Database, "{" + Options.Namespace + "}:*").WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            if (keys.Count > 0)
            {
                await _connection.RunAsync(() => _connection.Database.KeyDeleteAsync([.. keys]), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _eventBus.DisposeAsync().ConfigureAwait(false);
        await _stateStore.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
