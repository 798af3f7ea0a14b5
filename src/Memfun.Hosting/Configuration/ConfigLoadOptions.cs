namespace Memfun.Hosting.Configuration;

/// <summary>Where <see cref="ConfigLoader"/> looks, and what it layers on top of the files.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>Gets the directory the search for <c>memfun.toml</c> starts from. Default: the current directory.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Gets the user's configuration file; by default <c>$XDG_CONFIG_HOME/memfun/config.toml</c> (or <c>~/.config/memfun/config.toml</c>).</summary>
    public string? UserConfigPath { get; init; }

    /// <summary>Gets the environment to read <c>MEMFUN_*</c> overrides from. Default: the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>
    /// Gets a value indicating whether the project's <c>memfun.toml</c> is loaded as trusted whatever
    /// <see cref="ProjectTrust"/> says: <c>memfun config trust</c> validates a file this way before it records it.
    /// </summary>
    public bool TrustProjectFile { get; init; }

    /// <summary>Gets the command-line overrides, applied last.</summary>
    public IReadOnlyList<ConfigOverride> Overrides { get; init; } = [];

    /// <summary>Returns the default user configuration path for an environment.</summary>
    public static string DefaultUserConfigPath(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configHome = environment.GetValueOrDefault("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
        {
            var home = environment.GetValueOrDefault("HOME") ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            configHome = Path.Combine(home, ".config");
        }

        return Path.Combine(configHome, "memfun", "config.toml");
    }

    /// <summary>Returns the process environment: variables looked up by name, a snapshot taken when they are listed (<see cref="ProcessVariables"/>).</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() => new ProcessVariables();
}
