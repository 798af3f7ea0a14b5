using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Internal;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Memfun.Runtime.Nats;

/// <summary>
/// The tier's connection (which reconnects with backoff by itself), its JetStream and KV contexts, and the
/// translation of connection failures into <see cref="BackendException"/>s that name the tier and the redacted URL.
/// </summary>
internal sealed partial class NatsConnectionHolder : IAsyncDisposable
{
    private NatsConnectionHolder(NatsConnection connection, string redactedUrl, TimeSpan timeout)
    {
        Connection = connection;
        RedactedUrl = redactedUrl;
        Timeout = timeout;
        JetStream = new NatsJSContext(connection);
        KeyValue = new NatsKVContext(JetStream);
    }

    public NatsConnection Connection { get; }

    public NatsJSContext JetStream { get; }

    public NatsKVContext KeyValue { get; }

    public string RedactedUrl { get; }

    public TimeSpan Timeout { get; }

    public static async Task<NatsConnectionHolder> ConnectAsync(NatsBackendOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var redacted = BackendUrl.Redact(options.Url);
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"'{redacted}' is not a NATS URL.")
            {
                Hint = "Use nats://[user:password@]host[:port], for example nats://127.0.0.1:4222.",
            };
        }

        var connection = new NatsConnection(new NatsOpts
        {
            Url = options.Url,
            Name = "memfun",
            ConnectTimeout = options.Timeout,
            RequestTimeout = options.Timeout,
            CommandTimeout = options.Timeout,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(250),
            ReconnectWaitMax = TimeSpan.FromSeconds(5),
            LoggerFactory = loggerFactory,
        });
        var logger = loggerFactory.CreateLogger<NatsConnectionHolder>();
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(options.Timeout * 2, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var reason = e.ToString().Contains("Authorization", StringComparison.OrdinalIgnoreCase) || e.ToString().Contains("auth", StringComparison.Ordinal)
                ? "the server refused the credentials"
                : $"no server answered (refused, or nothing within {options.Timeout.TotalSeconds:0.#} s)";
            throw new BackendException(MemfunErrorCodes.BackendUnavailable, $"Cannot connect to the nats tier at {redacted}: {reason}.")
            {
                Hint = "Start nats-server -js (or `docker compose -f docker/compose.yaml up -d`), or fix [backend] nats_url in memfun.toml.",
            };
        }

        connection.ConnectionDisconnected += (_, _) =>
        {
            LogConnectionLost(logger, redacted);
            return ValueTask.CompletedTask;
        };
        connection.ConnectionOpened += (_, _) =>
        {
            LogConnectionRestored(logger, redacted);
            return ValueTask.CompletedTask;
        };
        return new NatsConnectionHolder(connection, redacted, options.Timeout);
    }

    /// <summary>Runs a request, honouring cancellation and turning connection failures into a clear error.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await request(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Runs a request that returns nothing (see <see cref="RunAsync{T}"/>).</summary>
    public async Task RunAsync(Func<CancellationToken, ValueTask> request, CancellationToken cancellationToken)
    {
        try
        {
            await request(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            throw Unavailable(e);
        }
    }

    public static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && e is NatsNoRespondersException or NatsNoReplyException or NatsConnectionFailedException or TimeoutException or OperationCanceledException or NatsJSApiNoResponseException or NatsJSPublishNoResponseException;

    /// <summary>The error for a lost server: names the tier and URL, never the password.</summary>
    public BackendException Unavailable(Exception cause) =>
        new(MemfunErrorCodes.BackendUnavailable, $"The nats tier at {RedactedUrl} is not answering ({cause.GetType().Name}); the client keeps reconnecting with backoff.")
        {
            Hint = "Check that nats-server -js is running and reachable; unacknowledged events are redelivered once it is back.",
        };

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync().ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to the nats tier at {Url}; reconnecting with backoff")]
    private static partial void LogConnectionLost(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the nats tier at {Url}")]
    private static partial void LogConnectionRestored(ILogger logger, string url);
}
