using Memfun.Core.Files;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
using Memfun.Cli.Rendering;
using Memfun.Hosting.Configuration;
using Memfun.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Base of every command: loads configuration on demand, sets up logging (a redacted file log under
/// <c>.memfun/logs/</c> once the project has a <c>.memfun/</c> folder; debug lines on standard error with
/// <c>--verbose</c>), and turns expected failures into a one-line error and the matching exit code.
/// </summary>
/// <remarks>
/// Every command's failure is logged; its success is logged unless <see cref="LogsSuccess"/> says otherwise (the
/// read-only local commands), and a command that logs no success sets up logging only when it has a line to write:
/// the first line a process logs costs it about 10 ms (issue 20).
/// </remarks>
/// <typeparam name="TSettings">The command's settings.</typeparam>
public abstract partial class MemfunCommand<TSettings>(CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : MemfunSettings
{
    private ILoggerFactory? _loggerFactory;
    private SecretRedactor? _redactor;
    private MemfunException? _failure;
    private bool _verbose;
    private bool _loggingSetUp;
    private bool _untrustedWarned;
    private string? _deferredLogDirectory;

    /// <summary>Gets the environment the command runs in.</summary>
    protected CliEnvironment Environment { get; } = environment;

    /// <summary>Gets the redactor of everything the command shows or logs: patterns, and the values of the environment's secret-looking variables.</summary>
    protected SecretRedactor Redactor => _redactor ??= new SecretRedactor(SecretRedactor.SecretEnvironmentValues(Environment.Variables));

    /// <summary>Gets the logger factory (a no-op one until the configuration is loaded).</summary>
    protected ILoggerFactory LoggerFactory =>
        _loggerFactory ?? (_deferredLogDirectory is { } directory ? _loggerFactory = MemfunLogging.Create(directory, verbose: false, () => Redactor) : NullLoggerFactory.Instance);

    /// <summary>Gets a value indicating whether the command's success is logged (its failures always are).</summary>
    protected virtual bool LogsSuccess => true;

    // Whether a line the command logs is written somewhere (now, or once the deferred factory is made).
    private bool Logs => _loggerFactory is not null || _deferredLogDirectory is not null;

    /// <inheritdoc />
    /// <remarks>
    /// A command that finishes before its first real wait (most that call no model) is finished here, without an async
    /// state machine of this method's own: those are compiled at run time even in a ReadyToRun build (issue 20).
    /// </remarks>
    public sealed override Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _verbose = settings.Verbose;
        var name = context.Data as string ?? context.Name;
        var stopwatch = Stopwatch.StartNew();
        Task<int> run;
        try
        {
            run = RunAsync(context, settings, cancellationToken);
        }
        catch (Exception e)
        {
            run = Task.FromException<int>(e);
        }

        return run.IsCompleted ? Task.FromResult(Conclude(run, name, settings, stopwatch)) : WaitForExitCodeAsync(run, name, settings, stopwatch);
    }

    private async Task<int> WaitForExitCodeAsync(Task<int> run, string name, TSettings settings, Stopwatch stopwatch)
    {
        await ((Task)run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return Conclude(run, name, settings, stopwatch);
    }

    // The exit code of a finished run: its own, or the one its failure maps to (with the one-line error written).
    private int Conclude(Task<int> run, string name, TSettings settings, Stopwatch stopwatch)
    {
        try
        {
            var exitCode = run.GetAwaiter().GetResult();
            if (_failure is { } failure)
            {
                if (Logs)
                {
                    LogFailed(Logger, name, exitCode, failure.ErrorCode, failure);
                }
            }
            else if (_loggerFactory is not null)
            {
                LogFinished(Logger, name, exitCode, stopwatch.ElapsedMilliseconds);
            }

            return exitCode;
        }
        catch (Exception e)
        {
            var exitCode = ErrorRenderer.Render(Environment, e, settings.Verbose);
            if (Logs)
            {
                LogFailed(Logger, name, exitCode, (e as MemfunException)?.ErrorCode ?? e.GetType().Name, e);
            }

            return exitCode;
        }
        finally
        {
            _loggerFactory?.Dispose();
        }
    }

    private ILogger Logger => LoggerFactory.CreateLogger("Memfun.Cli");

    /// <summary>Runs the command.</summary>
    protected abstract Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Reports a failure the command did not throw exactly as a thrown one is reported (the one-line error and hint, the
    /// log line) and returns its exit code: for failures common enough that a throw, whose first one costs a process
    /// milliseconds, would show in the command's start-up time (<c>traces show</c> before any run was recorded).
    /// </summary>
    protected int Fail(MemfunException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _failure = error;
        return ErrorRenderer.Render(Environment, error, _verbose);
    }

    /// <summary>Writes a value as indented JSON on standard output (for <c>--json</c>).</summary>
    protected Task WriteJsonAsync<T>(T value) => Environment.OutWriter.WriteLineAsync(JsonSerializer.Serialize(value, JsonOutput.Options));

    /// <summary>Writes a value as indented JSON on standard output (for <c>--json</c>), from a command that runs synchronously.</summary>
    protected void WriteJson<T>(T value) => Environment.OutWriter.WriteLine(JsonSerializer.Serialize(value, JsonOutput.Options));

    /// <summary>
    /// Does <paramref name="work"/> in the working directory's project while the configuration loads ahead of the command
    /// (<see cref="ConfigPreload"/>), then loads it, for work that needs nothing of the configuration but the project root
    /// (finding the skills and agents). An invalid configuration is still the command's error, before anything is written.
    /// </summary>
    /// <remarks>
    /// The project root is found as the load finds it (<see cref="ConfigLoader.FindProjectRoot"/>); were the loaded one
    /// to differ, the work is done again on it. Waiting for the load first left the main thread idle (issue 20).
    /// </remarks>
    protected T WhileConfigLoads<T>(Func<string, T> work, out MemfunConfig config)
    {
        ArgumentNullException.ThrowIfNull(work);
        var projectRoot = ConfigLoader.FindProjectRoot(Environment.WorkingDirectory);
        var result = work(projectRoot);
        config = LoadConfig();
        return config.ProjectRoot == projectRoot ? result : work(config.ProjectRoot);
    }

    /// <summary>Loads the effective configuration for the working directory, with command-line overrides on top, and starts logging.</summary>
    protected MemfunConfig LoadConfig(IReadOnlyList<ConfigOverride>? overrides = null) => LoadConfig(Environment.WorkingDirectory, overrides);

    /// <summary>Loads the effective configuration of the project at <paramref name="workingDirectory"/> (<c>worker --repo</c>).</summary>
    protected MemfunConfig LoadConfig(string workingDirectory, IReadOnlyList<ConfigOverride>? overrides = null)
    {
        var options = ConfigOptions(workingDirectory) with { Overrides = overrides ?? [] };
        var config = Environment.ConfigPreload?.TryTake(options) ?? ConfigLoader.Load(options);
        if (config.UntrustedSettings.Count > 0 && !_untrustedWarned)
        {
            _untrustedWarned = true;
            Environment.ErrorWriter.WriteLine(Environment.PaintError(Ansi.Yellow, "warning") + ": " + UntrustedWarning(config));
        }

        if (!_loggingSetUp)
        {
            _loggingSetUp = true;
            // A planted link on the way would send the log elsewhere (see StateFiles): then there is no file log.
            var logDirectory = Directory.Exists(config.StateDirectory) && StateFiles.IsLinkFree(config.ProjectRoot, Path.Combine(config.StateDirectory, "logs"))
                ? Path.Combine(config.StateDirectory, "logs")
                : null;

            // With nowhere to write (no .memfun/ folder, no --verbose) logging is not set up at all: its assembly and
            // types would cost a listing command a noticeable part of its start-up (issue 20).
            if (MemfunLogging.Writes(logDirectory, _verbose))
            {
                if (LogsSuccess || _verbose)
                {
                    _loggerFactory = MemfunLogging.Create(logDirectory, _verbose, () => Redactor, Environment.ErrorWriter);
                    LogConfigLoaded(Logger, config.ProjectRoot, config.ProjectFile ?? "(none)", config.Backend.Tier, config.Llm.Model);
                }
                else
                {
                    _deferredLogDirectory = logDirectory;
                }
            }
        }

        return config;
    }

    /// <summary>Returns how this command's environment loads the configuration of the project at <paramref name="workingDirectory"/>.</summary>
    protected ConfigLoadOptions ConfigOptions(string workingDirectory) => new()
    {
        WorkingDirectory = workingDirectory,
        Environment = Environment.Variables,
        UserConfigPath = Environment.UserConfigPath,
    };

    // Keys and places only, never values; shown inert, as a cloned repository chose the server names in them.
    private static string UntrustedWarning(MemfunConfig config)
    {
        var settings = new System.Text.StringBuilder();
        foreach (var entry in config.UntrustedSettings)
        {
            settings.Append(settings.Length == 0 ? string.Empty : ", ").Append(entry.Key).Append(" (line ").Append(entry.Source.Line).Append(')');
        }

        return TerminalText.Inert(
            $"{config.ProjectFile} is not trusted, so memfun ignores the settings in it that could run programs, weaken the sandbox, send your keys or code elsewhere, or loosen your limits and budgets: {settings}. Review the file, then run `memfun config trust` to use them.");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Configuration loaded: project root {ProjectRoot}, file {ProjectFile}, backend {Tier}, model {Model}")]
    private static partial void LogConfigLoaded(ILogger logger, string projectRoot, string projectFile, BackendTier tier, string model);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "memfun {Command} finished with exit code {ExitCode} in {ElapsedMs} ms")]
    private static partial void LogFinished(ILogger logger, string command, int exitCode, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "memfun {Command} failed with exit code {ExitCode} ({ErrorCode})")]
    private static partial void LogFailed(ILogger logger, string command, int exitCode, string errorCode, Exception exception);

    // Built on the first --json output only: creating serializer options loads System.Text.Json, which a table does not need.
    private static class JsonOutput
    {
        // One naming style for every command's JSON, the same as the trace files: snake_case names, enums as snake_case strings.
        public static readonly JsonSerializerOptions Options = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
    }
}
