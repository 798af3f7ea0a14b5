using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memfun.Core.Logging;

/// <summary>Creates the logger factory every command uses: a redacted file log under <c>.memfun/logs/</c> and, when verbose, the console.</summary>
public static class MemfunLogging
{
    /// <summary>Returns whether a factory made with these arguments writes anything (a file log, or verbose lines).</summary>
    /// <remarks>A caller that gets false can skip logging altogether, without loading its types (issue 20).</remarks>
    public static bool Writes(string? logDirectory, bool verbose) => logDirectory is not null || verbose;

    /// <summary>Creates the logger factory.</summary>
    /// <param name="logDirectory">The folder of the file log (<c>.memfun/logs</c>), or null for no file log.</param>
    /// <param name="verbose">Whether debug lines also go to standard error.</param>
    /// <param name="redactor">Builds the redactor for every line, when there is something to write; by default one built from the process environment.</param>
    /// <param name="console">Where verbose lines go; standard error by default.</param>
    /// <remarks>With no file log and not verbose nothing is written, so no factory is built; otherwise a plain one over the providers (<see cref="LoggerFactory"/> costs a dependency container at start-up).</remarks>
    public static ILoggerFactory Create(string? logDirectory, bool verbose, Func<SecretRedactor>? redactor = null, TextWriter? console = null)
    {
        if (!Writes(logDirectory, verbose))
        {
            return NullLoggerFactory.Instance;
        }

        var lines = redactor?.Invoke() ?? SecretRedactor.FromEnvironment();
        var providers = new List<ILoggerProvider>();
        if (logDirectory is not null)
        {
            providers.Add(new FileLoggerProvider(logDirectory, LogLevel.Information, lines));
        }

        if (verbose)
        {
            providers.Add(new RedactingConsoleLoggerProvider(lines, console));
        }

        return new ProviderLoggerFactory(verbose ? LogLevel.Debug : LogLevel.Information, providers);
    }
}
