using Microsoft.Extensions.Logging;

namespace Memfun.Core.Logging;

/// <summary>Creates the logger factory every command uses: a redacted file log under <c>.memfun/logs/</c> and, when verbose, the console.</summary>
public static class MemfunLogging
{
    /// <summary>Creates the logger factory.</summary>
    /// <param name="logDirectory">The folder of the file log (<c>.memfun/logs</c>).</param>
    /// <param name="verbose">Whether debug lines also go to standard error.</param>
    /// <param name="redactor">The redactor for every line; by default one built from the process environment.</param>
    public static ILoggerFactory Create(string logDirectory, bool verbose, SecretRedactor? redactor = null)
    {
        redactor ??= SecretRedactor.FromEnvironment();
        var fileProvider = new FileLoggerProvider(logDirectory, LogLevel.Information, redactor);
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
            builder.AddProvider(fileProvider);
            if (verbose)
            {
                builder.AddProvider(new RedactingConsoleLoggerProvider(redactor));
            }
        });
    }
}
