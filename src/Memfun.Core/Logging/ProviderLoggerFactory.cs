using Microsoft.Extensions.Logging;

namespace Memfun.Core.Logging;

/// <summary>
/// A logger factory over a fixed list of providers with one minimum level: what every command needs, without
/// <see cref="LoggerFactory"/>, which builds a dependency container and options when it is created — more than a
/// listing command's whole work at start-up (issue 20).
/// </summary>
/// <remarks>Thread-safe. Loggers are cached per category; disposing the factory disposes its providers.</remarks>
internal sealed class ProviderLoggerFactory(LogLevel minimumLevel, IReadOnlyList<ILoggerProvider> providers) : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly List<ILoggerProvider> _providers = [.. providers];
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName)
    {
        lock (_gate)
        {
            if (!_loggers.TryGetValue(categoryName, out var logger))
            {
                logger = new CompositeLogger(minimumLevel, [.. _providers.Select(p => p.CreateLogger(categoryName))]);
                _loggers[categoryName] = logger;
            }

            return logger;
        }
    }

    /// <remarks>Loggers created before see only the providers they were created with.</remarks>
    public void AddProvider(ILoggerProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_gate)
        {
            _providers.Add(provider);
            _loggers.Clear();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var provider in _providers)
            {
                provider.Dispose();
            }

            _providers.Clear();
            _loggers.Clear();
        }
    }

    private sealed class CompositeLogger(LogLevel minimumLevel, ILogger[] loggers) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && logLevel >= minimumLevel && Array.Exists(loggers, logger => logger.IsEnabled(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None || logLevel < minimumLevel)
            {
                return;
            }

            foreach (var logger in loggers)
            {
                if (logger.IsEnabled(logLevel))
                {
                    logger.Log(logLevel, eventId, state, exception, formatter);
                }
            }
        }
    }
}
