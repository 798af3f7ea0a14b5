namespace Memfun.Hosting.Configuration;

/// <summary>
/// Which way a key limits what a run may spend or use, so that a project's <c>memfun.toml</c> the user has not trusted
/// may tighten it but not loosen it (<see cref="ConfigKey.Loosens"/>).
/// </summary>
public enum ConfigLimit
{
    /// <summary>Not a limit: a project file sets it like any key.</summary>
    None,

    /// <summary>A ceiling (a budget, a timeout, a resource limit): a lower value is stricter; unset means unlimited.</summary>
    Maximum,

    /// <summary>
    /// A floor: a higher value is stricter (a model's price, which the cost budget counts with); for a list, every entry
    /// of the value below it must stay (blocked hosts).
    /// </summary>
    Minimum,
}
