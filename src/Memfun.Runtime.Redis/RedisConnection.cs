using System.Globalization;
using System.Net;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Internal;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memfun.Runtime.Redis;

/// <summary>
/// The tier's connection: one multiplexer (which reconnects with exponential backoff by itself) and the
/// translation of its failures into <see cref="BackendException"/>s that name the tier and the redacted URL.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly ILogger _logger;

    private RedisConnection(ConnectionMultiplexer multiplexer, string redactedUrl, ILogger logger)
    {
        Multiplexer = multiplexer;
        RedactedUrl = redactedUrl;
        _logger = logger;
        Database = multiplexer.GetDatabase();
        multiplexer.ConnectionFailed += (_, e) => LogConnectionLost(_logger, RedactedUrl, e.FailureType.ToString());
        multiplexer.ConnectionRestored += (_, _) => LogConnectionRestored(_logger, RedactedUrl);
    }

    public ConnectionMultiplexer Multiplexer { get; }

    public IDatabase Database { get; }

    public string RedactedUrl { get; }

    public static async Task<RedisConnection> ConnectAsync(RedisBackendOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var redacted = BackendUrl.Redact(options.Url);
        var configuration = Parse(options, redacted);
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(options.Timeout * 3, cancellationToken).ConfigureAwait(false);
            return new RedisConnection(multiplexer, redacted, logger);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            var reason = e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } || e.Message.Contains("AUTH", StringComparison.Ordinal)
                ? "the server refused the credentials"
                : $"no server answered (refused, or nothing within {options.Timeout.TotalSeconds:0.#} s)";
            throw new BackendException(
                MemfunErrorCodes.BackendUnavailable,
                $"Cannot connect to the redis tier at {redacted}: {reason}.",
                new BackendException(Scrub(e.Message, configuration.Password)))
            {
                Hint = "Start redis-server (or `docker compose -f docker/compose.yaml up -d`), or fix [backend] redis_url in memfun.toml.",
            };
        }
    }

    /// <summary>Runs a command, honouring cancellation and turning connection failures into a clear error.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await command().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException || IsStarting(e))
        {
            throw Unavailable(e);
        }
    }

    // A server that has just restarted answers LOADING until it has read its data back: not there yet, like a lost one.
    private static bool IsStarting(Exception e) => e is RedisServerException && e.Message.StartsWith("LOADING", StringComparison.Ordinal);

    /// <summary>The error for a lost server: names the tier and URL, never the password.</summary>
    public BackendException Unavailable(Exception cause) =>
        new(MemfunErrorCodes.BackendUnavailable, $"The redis tier at {RedactedUrl} is not answering; the client keeps reconnecting with backoff.", new BackendException(cause.GetType().Name))
        {
            Hint = "Check that redis-server is running and reachable; unacknowledged events are redelivered once it is back.",
        };

    public async ValueTask DisposeAsync() => await Multiplexer.DisposeAsync().ConfigureAwait(false);

    private static ConfigurationOptions Parse(RedisBackendOptions options, string redacted)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConfigException(MemfunErrorCodes.ConfigBadValue, $"'{redacted}' is not a Redis URL.")
            {
                Hint = "Use redis://[[user]:password@]host[:port][/db], for example redis://127.0.0.1:6379.",
            };
        }

        var timeout = (int)options.Timeout.TotalMilliseconds;
        var configuration = new ConfigurationOptions
        {
            EndPoints = { new DnsEndPoint(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port) },
            Ssl = uri.Scheme == "rediss",
            AbortOnConnectFail = true,
            ConnectRetry = 2,
            ConnectTimeout = timeout,
            AsyncTimeout = timeout,
            SyncTimeout = timeout,
            ReconnectRetryPolicy = new ExponentialRetry(250, 5_000),
            ClientName = "memfun",
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            configuration.User = parts.Length == 2 && parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
            configuration.Password = Uri.UnescapeDataString(parts.Length == 2 ? parts[1] : parts[0]);
        }

        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0)
        {
            configuration.DefaultDatabase = int.Parse(db, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return configuration;
    }

    private static string Scrub(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to the redis tier at {Url} ({Failure}); reconnecting with backoff")]
    private static partial void LogConnectionLost(ILogger logger, string url, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to the redis tier at {Url}")]
    private static partial void LogConnectionRestored(ILogger logger, string url);
}
