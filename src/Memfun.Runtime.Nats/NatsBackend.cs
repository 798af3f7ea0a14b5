using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Events;
using Memfun.Runtime.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Memfun.Runtime.Nats;

/// <summary>
/// T3: events on NATS JetStream streams with durable pull consumers, state in a JetStream KV bucket. Several
/// processes on several machines share one server or cluster; unacknowledged events are redelivered.
/// </summary>
public sealed class NatsBackend : IRuntimeBackend
{
    private readonly NatsConnectionHolder _connection;
    private readonly NatsEventBus _eventBus;
    private readonly NatsStateStore _stateStore;

    private NatsBackend(NatsConnectionHolder connection, NatsBackendOptions options, INatsKVStore bucket, TimeProvider timeProvider)
    {
        _connection = connection;
        Options = options;
        _eventBus = new NatsEventBus(connection, options, timeProvider);
        _stateStore = new NatsStateStore(connection, bucket, timeProvider);
    }

    /// <summary>Gets the options the backend was connected with.</summary>
    public NatsBackendOptions Options { get; }

    /// <inheritdoc />
    public string Tier => "nats";

    /// <inheritdoc />
    public IEventBus EventBus => _eventBus;

    /// <inheritdoc />
    public IStateStore StateStore => _stateStore;

    /// <summary>Connects to the server named by <paramref name="options"/> and opens (creating if needed) the state bucket.</summary>
    /// <exception cref="BackendException">
    /// The server cannot be reached or refused the credentials (<c>MF2001</c>), or has JetStream disabled (<c>MF2004</c>), within a bounded time.
    /// </exception>
    /// <exception cref="ConfigException">The URL is not a NATS URL, or the namespace has characters NATS does not allow.</exception>
    public static async Task<NatsBackend> ConnectAsync(NatsBackendOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Namespace) || !options.Namespace.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"The namespace '{options.Namespace}' cannot name NATS streams and buckets.")
            {
                Hint = "Use letters, digits, '-' and '_' in [backend] namespace.",
            };
        }

        var connection = await NatsConnectionHolder.ConnectAsync(options, loggerFactory ?? NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        try
        {
            await RequireJetStreamAsync(connection, cancellationToken).ConfigureAwait(false);
            var bucket = await connection.RunAsync(
                token => connection.KeyValue.CreateOrUpdateStoreAsync(
                    new NatsKVConfig(options.Namespace + "-state")
                    {
                        History = 1,
                        Storage = options.FileStorage ? NatsKVStorageType.File : NatsKVStorageType.Memory,
                    },
                    token),
                cancellationToken).ConfigureAwait(false);
            return new NatsBackend(connection, options, bucket, timeProvider ?? TimeProvider.System);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask CheckAsync(CancellationToken cancellationToken = default) =>
        await RequireJetStreamAsync(_connection, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes every stream and bucket of this backend's namespace (tests use it).</summary>
    internal async Task DeleteNamespaceAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var name in _connection.JetStream.ListStreamNamesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (name.StartsWith(Options.Namespace + "-t-", StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        foreach (var name in names)
        {
            await _connection.JetStream.DeleteStreamAsync(name, cancellationToken).ConfigureAwait(false);
        }

        await _connection.KeyValue.DeleteStoreAsync(Options.Namespace + "-state", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _eventBus.DisposeAsync().ConfigureAwait(false);
        await _stateStore.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task RequireJetStreamAsync(NatsConnectionHolder connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.JetStream.GetAccountInfoAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsNoRespondersException or NatsJSApiNoResponseException || (e is NatsJSApiException api && api.Error.Code == 503))
        {
            throw new BackendException(
                MemfunErrorCodes.BackendMissingFeature,
                $"The nats tier at {connection.RedactedUrl} has JetStream disabled; memfun keeps events and state in JetStream.")
            {
                Hint = "Start the server with JetStream: nats-server -js (or jetstream {} in its configuration).",
            };
        }
        catch (Exception e) when (NatsConnectionHolder.IsConnectionFailure(e, cancellationToken))
        {
            throw connection.Unavailable(e);
        }
    }
}
