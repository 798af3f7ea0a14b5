using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Memfun.Core.Files;
using Microsoft.Extensions.Logging;

namespace Memfun.Core.Logging;

/// <summary>
/// Writes log lines to a daily file (<c>memfun-YYYYMMDD.log</c>) in a folder, after redacting secrets.
/// </summary>
/// <remarks>
/// Thread-safe: lines are appended under one lock. A folder that cannot be written, or a day's file that is a symbolic
/// link, disables the file log silently, so logging never fails a command and never writes through a link.
/// </remarks>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly string _directory;
    private readonly LogLevel _minimumLevel;
    private readonly SecretRedactor _redactor;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);
    private StreamWriter? _writer;
    private bool _disabled;

    /// <summary>Creates the provider.</summary>
    /// <param name="directory">The log folder (created when the first line is written).</param>
    /// <param name="minimumLevel">The lowest level written.</param>
    /// <param name="redactor">The redactor applied to every line.</param>
    public FileLoggerProvider(string directory, LogLevel minimumLevel, SecretRedactor redactor)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(redactor);
        _directory = directory;
        _minimumLevel = minimumLevel;
        _redactor = redactor;
    }

    /// <summary>Gets the file today's lines go to.</summary>
    public string CurrentPath => Path.Combine(_directory, $"memfun-{DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.log");

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new FileLogger(this, name));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var line = new StringBuilder()
            .Append(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)).Append(' ')
            .Append(LevelName(level)).Append(' ')
            .Append(category).Append(": ")
            .Append(message);
        if (exception is not null)
        {
            line.AppendLine().Append(exception);
        }

        var text = _redactor.Redact(line.ToString());
        lock (_gate)
        {
            if (_disabled)
            {
                return;
            }

            try
            {
                if (_writer is null)
                {
                    Directory.CreateDirectory(_directory);
                    if (!StateFiles.IsLinkFree(_directory, CurrentPath))
                    {
                        // Appending follows a link: a planted one would put log lines into any file the user can write.
                        _disabled = true;
                        return;
                    }

                    _writer = new StreamWriter(new FileStream(CurrentPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
                }

                _writer.WriteLine(text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _disabled = true;
            }
        }
    }

    // A switch, not Enum.ToString: that looks the names up by reflection, a cost at every command's first line.
    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFORMATION",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => "NONE",
    };

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider._minimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
