using Microsoft.Extensions.Logging;

namespace Memfun.Core.Logging;

/// <summary>Writes redacted log lines to a writer — standard error by default, so standard output stays clean for <c>--json</c>.</summary>
public sealed class RedactingConsoleLoggerProvider(SecretRedactor redactor, TextWriter? writer = null) : ILoggerProvider
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message)
    {
        var text = redactor.Redact($"{level.ToString().ToLowerInvariant()}: {category}: {message}");
        lock (_gate)
        {
            (writer ?? Console.Error).WriteLine(text);
        }
    }

    private sealed class ConsoleLogger(RedactingConsoleLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception));
            }
        }
    }
}
