using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Memfun.Core.Errors;
using Memfun.Core.Logging;
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
/// <typeparam name="TSettings">The command's settings.</typeparam>
public abstract partial class MemfunCommand<TSettings>(CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : MemfunSettings
{
    private ILoggerFactory? _loggerFactory;
    private SecretRedactor? _redactor;
    private bool _verbose;

    /// <summary>Gets the environment the command runs in.</summary>
    protected CliEnvironment Environment { get; } = environment;

    /// <summary>Gets the redactor of everything the command shows or logs: patterns, and the values of the environment's secret-looking variables.</summary>
    protected SecretRedactor Redactor => _redactor ??= new SecretRedactor(SecretRedactor.SecretEnvironmentValues(Environment.Variables));

    /// <summary>Gets the logger factory (a no-op one until the configuration is loaded).</summary>
    protected ILoggerFactory LoggerFactory => _loggerFactory ?? NullLoggerFactory.Instance;

    /// <inheritdoc />
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _verbose = settings.Verbose;
        var name = context.Data as string ?? context.Name;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var exitCode = await RunAsync(context, settings, cancellationToken).ConfigureAwait(false);
            LogFinished(Logger, name, exitCode, stopwatch.ElapsedMilliseconds);
            return exitCode;
        }
        catch (Exception e)
        {
            var exitCode = ErrorRenderer.Render(Environment, e, settings.Verbose);
            LogFailed(Logger, name, exitCode, (e as MemfunException)?.ErrorCode ?? e.GetType().Name, e);
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

    /// <summary>Writes a value as indented JSON on standard output (for <c>--json</c>).</summary>
    protected Task WriteJsonAsync<T>(T value) =>
        Environment.OutWriter.WriteLineAsync(JsonSerializer.Serialize(value, JsonOutput.Options));

    /// <summary>Loads the effective configuration for the working directory, with command-line overrides on top, and starts logging.</summary>
    protected Task<MemfunConfig> LoadConfigAsync(IReadOnlyList<ConfigOverride>? overrides = null, CancellationToken cancellationToken = default) =>
        LoadConfigAsync(Environment.WorkingDirectory, overrides, cancellationToken);

    /// <summary>Loads the effective configuration of the project at <paramref name="workingDirectory"/> (<c>worker --repo</c>).</summary>
    protected async Task<MemfunConfig> LoadConfigAsync(string workingDirectory, IReadOnlyList<ConfigOverride>? overrides = null, CancellationToken cancellationToken = default)
    {
        var config = await ConfigLoader.LoadAsync(
            new ConfigLoadOptions
            {
                WorkingDirectory = workingDirectory,
                Environment = Environment.Variables,
                UserConfigPath = Environment.UserConfigPath,
                Overrides = overrides ?? [],
            },
            cancellationToken).ConfigureAwait(false);
        if (_loggerFactory is null)
        {
            var logDirectory = Directory.Exists(config.StateDirectory) ? Path.Combine(config.StateDirectory, "logs") : null;
            _loggerFactory = MemfunLogging.Create(logDirectory, _verbose, Redactor, Environment.ErrorWriter);
            LogConfigLoaded(Logger, config.ProjectRoot, config.ProjectFile ?? "(none)", config.Backend.Tier, config.Llm.Model);
        }

        return config;
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
