namespace Memfun.Cli.Diagnostics;

/// <summary>What a doctor check found.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Detail">What was found (a version, an address, an error).</param>
/// <param name="Fix">How to fix a warning or a missing item; null when OK.</param>
public sealed record DoctorCheckResult(DoctorStatus Status, string Detail, string? Fix = null)
{
    /// <summary>Creates an OK result.</summary>
    public static DoctorCheckResult Ok(string detail) => new(DoctorStatus.Ok, detail);

    /// <summary>Creates a warning.</summary>
    public static DoctorCheckResult Warning(string detail, string fix) => new(DoctorStatus.Warning, detail, fix);

    /// <summary>Creates a missing result.</summary>
    public static DoctorCheckResult Missing(string detail, string fix) => new(DoctorStatus.Missing, detail, fix);
}
