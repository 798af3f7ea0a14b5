namespace Memfun.Core.Configuration;

/// <summary>Where one configuration value came from.</summary>
/// <param name="Kind">The layer.</param>
/// <param name="Location">The file path, environment variable or flag; null for defaults.</param>
/// <param name="Line">The 1-based line in the file, for file layers.</param>
public sealed record ConfigSource(ConfigSourceKind Kind, string? Location = null, int? Line = null)
{
    /// <summary>Gets the source of built-in defaults.</summary>
    public static ConfigSource Default { get; } = new(ConfigSourceKind.Default);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ConfigSourceKind.Default => "default",
        ConfigSourceKind.UserFile or ConfigSourceKind.ProjectFile => Line is null ? Location ?? "file" : $"{Location}:{Line}",
        ConfigSourceKind.Environment => $"env {Location}",
        _ => Location ?? "command line",
    };
}
