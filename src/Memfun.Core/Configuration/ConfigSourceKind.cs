namespace Memfun.Core.Configuration;

/// <summary>The layer a configuration value came from, lowest precedence first.</summary>
public enum ConfigSourceKind
{
    /// <summary>Memfun's built-in default.</summary>
    Default,

    /// <summary>The user's file (<c>$XDG_CONFIG_HOME/memfun/config.toml</c>).</summary>
    UserFile,

    /// <summary>The project's <c>memfun.toml</c>.</summary>
    ProjectFile,

    /// <summary>A <c>MEMFUN_*</c> environment variable.</summary>
    Environment,

    /// <summary>A command-line flag.</summary>
    CommandLine,
}
