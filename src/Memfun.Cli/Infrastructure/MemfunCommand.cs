using System.Text.Json;
using Memfun.Core.Configuration;
using Spectre.Console.Cli;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Base of every command: loads configuration on demand, and turns expected failures into a one-line
/// error and the matching exit code.
/// </summary>
/// <typeparam name="TSettings">The command's settings.</typeparam>
public abstract class MemfunCommand<TSettings>(CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : MemfunSettings
{
    private static readonly JsonSerializerOptions JsonOutput = new() { WriteIndented = true };

    /// <summary>Gets the environment the command runs in.</summary>
    protected CliEnvironment Environment { get; } = environment;

    /// <inheritdoc />
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return await RunAsync(context, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return ErrorRenderer.Render(Environment.Error, e, settings.Verbose);
        }
    }

    /// <summary>Runs the command.</summary>
    protected abstract Task<int> RunAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Writes a value as indented JSON on standard output (for <c>--json</c>).</summary>
    protected Task WriteJsonAsync<T>(T value) =>
        Environment.Out.Profile.Out.Writer.WriteLineAsync(JsonSerializer.Serialize(value, JsonOutput));

    /// <summary>Loads the effective configuration for the working directory, with command-line overrides on top.</summary>
    protected Task<MemfunConfig> LoadConfigAsync(IReadOnlyList<ConfigOverride>? overrides = null, CancellationToken cancellationToken = default) =>
        ConfigLoader.LoadAsync(
            new ConfigLoadOptions
            {
                WorkingDirectory = Environment.WorkingDirectory,
                Environment = Environment.Variables,
                UserConfigPath = Environment.UserConfigPath,
                Overrides = overrides ?? [],
            },
            cancellationToken);
}
