using System.ComponentModel;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Config;

/// <summary>
/// <c>memfun config trust</c>: lets the project's <c>memfun.toml</c>, as it is now, set the keys that need trust
/// (<see cref="ConfigKey.RequiresTrust"/>) and loosen limits (<see cref="ConfigKey.Limit"/>); <c>--revoke</c> takes that
/// back. It prints what it trusts.
/// </summary>
public sealed class ConfigTrustCommand(CliEnvironment environment) : MemfunCommand<ConfigTrustCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override async Task<int> RunAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = ConfigOptions(Environment.WorkingDirectory);
        var projectFile = ConfigLoader.FindProjectFile(Path.GetFullPath(Environment.WorkingDirectory))
            ?? throw new ConfigException(MemfunErrorCodes.ConfigFileMissing, "There is no memfun.toml here or in a parent folder, so there is nothing to trust.")
            {
                Hint = "Run `memfun init` to create one (a file it writes is trusted).",
            };
        var trust = ConfigLoader.TrustOf(options);
        var shownFile = TerminalText.Inert(projectFile);
        if (settings.Revoke)
        {
            await Environment.ErrorWriter.WriteLineAsync(await trust.RevokeAsync(projectFile, cancellationToken).ConfigureAwait(false)
                ? $"No longer trusted: {shownFile}. Memfun ignores the settings in it that need trust."
                : $"{shownFile} was not trusted; nothing changed.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        // Checked as trusted before it is recorded: a file with an error is reported (file, line, key) and not trusted.
        var text = ConfigLoader.ReadText(projectFile);
        var config = ConfigLoader.Load(options with { TrustProjectFile = true });
        if (ConfigLoader.ReadText(projectFile) != text)
        {
            // What is recorded must be what was checked and is shown.
            throw new ConfigException(MemfunErrorCodes.ConfigInvalid, $"{projectFile} changed while it was being checked, so nothing was trusted.")
            {
                Hint = "Run `memfun config trust` again once the file is as you want it.",
            };
        }

        await trust.TrustAsync(projectFile, text, cancellationToken).ConfigureAwait(false);

        var table = new TextTable("Key", "Value", "Line");
        foreach (var entry in config.TrustedSettings)
        {
            table.AddRow(entry.Key, Redactor.Redact(ConfigWriter.FormatValue(entry.Value ?? string.Empty)), entry.Source.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        var fingerprint = ProjectTrust.Fingerprint(text)[..12];
        if (config.TrustedSettings.Count == 0)
        {
            await Environment.ErrorWriter.WriteLineAsync($"Trusted {shownFile} as it is now (SHA-256 {fingerprint}…). It sets nothing that needs trust.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Environment.ErrorWriter.WriteLineAsync($"Trusted {shownFile} as it is now (SHA-256 {fingerprint}…). Memfun now uses these settings from it:").ConfigureAwait(false);
        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        await Environment.ErrorWriter.WriteLineAsync("A change to the file needs `memfun config trust` again; `memfun config trust --revoke` takes this back.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>What to do.</summary>
    public sealed class Settings : MemfunSettings
    {
        /// <summary>Gets or sets a value indicating whether to stop trusting the file instead.</summary>
        [CommandOption("--revoke")]
        [Description("Stop trusting the project's memfun.toml.")]
        public bool Revoke { get; set; }
    }
}
