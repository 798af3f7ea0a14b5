using Memfun.Core.Configuration;

namespace Memfun.Hosting.Configuration;

/// <summary>
/// One known configuration key: its type, how it is validated, how its effective value is read and how a
/// value is applied. <c>*</c> in <see cref="Path"/> stands for a user-chosen name (a model, a server).
/// </summary>
public sealed record ConfigKey
{
    /// <summary>Gets the dotted key, for example <c>llm.model</c> or <c>mcp.servers.*.command</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the value's type.</summary>
    public required ConfigValueKind Kind { get; init; }

    /// <summary>Gets a one-line description for help and docs.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the allowed values of a <see cref="ConfigValueKind.Choice"/> key.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Gets a check of a well-typed value; returns an error message, or null when the value is fine.</summary>
    public Func<object, string?>? Validate { get; init; }

    /// <summary>Gets the effective value of a fixed key (null for <c>*</c> keys, which are bound as groups).</summary>
    public Func<MemfunConfig, object?>? Read { get; init; }

    /// <summary>Gets how a validated value is applied to a configuration (null for <c>*</c> keys).</summary>
    public Func<MemfunConfig, object, MemfunConfig>? Apply { get; init; }

    /// <summary>
    /// Gets a value indicating whether a project's <c>memfun.toml</c> may set the key only once the user trusted that file
    /// (<c>memfun config trust</c>): the key could run a host program, weaken the sandbox, skip approval, or send a secret or the
    /// project's code somewhere else. The user's own file, <c>MEMFUN_*</c> variables and flags always may.
    /// </summary>
    public bool RequiresTrust { get; init; }

    /// <summary>
    /// Gets which way the key limits spending or resources. A project's <c>memfun.toml</c> the user has not trusted may set
    /// it only as strict as the defaults and the user's own file leave it, or stricter (<see cref="Loosens"/>).
    /// </summary>
    public ConfigLimit Limit { get; init; }

    /// <summary>
    /// Returns whether <paramref name="value"/> is looser than <paramref name="baseline"/>, the value the layers below it
    /// give (null: unset). An unset ceiling is unlimited, so nothing loosens it; an unset floor is unknown (a model
    /// without a list price), so any value might.
    /// </summary>
    public bool Loosens(object value, object? baseline)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Limit switch
        {
            ConfigLimit.Maximum => baseline is not null && AsNumber(value) > AsNumber(baseline),
            ConfigLimit.Minimum when value is IReadOnlyList<string> entries => baseline is IReadOnlyList<string> kept && !ContainsAll(entries, kept),
            ConfigLimit.Minimum => baseline is null || AsNumber(value) < AsNumber(baseline),
            _ => false,
        };
    }

    private static double AsNumber(object value) => System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    private static bool ContainsAll(IReadOnlyList<string> entries, IReadOnlyList<string> kept) =>
        kept.All(entry => entries.Contains(entry, StringComparer.OrdinalIgnoreCase));

    /// <summary>Gets a value indicating whether the key names a user-chosen table (<c>*</c> in its path).</summary>
    public bool IsPattern => Path.Contains('*', StringComparison.Ordinal);

    /// <summary>Gets the environment variable that overrides the key (<c>MEMFUN_LLM_MODEL</c>); null for pattern keys.</summary>
    public string? EnvironmentVariable => IsPattern ? null : "MEMFUN_" + Path.Replace('.', '_').ToUpperInvariant();

    /// <summary>Returns whether <paramref name="path"/> is this key (matching <c>*</c> against any one segment).</summary>
    public bool Matches(string path)
    {
        if (!IsPattern)
        {
            return string.Equals(Path, path, StringComparison.Ordinal);
        }

        var pattern = ConfigPath.Split(Path);
        var actual = ConfigPath.Split(path);
        if (pattern.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < pattern.Count; i++)
        {
            if (pattern[i] != "*" && !string.Equals(pattern[i], actual[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
