namespace Memfun.Cli.Diagnostics;

/// <summary>The outcome of a doctor check.</summary>
public enum DoctorStatus
{
    /// <summary>Present and working.</summary>
    Ok,

    /// <summary>Works, but with a caveat (weaker isolation, an unset key).</summary>
    Warning,

    /// <summary>Absent or not working.</summary>
    Missing,
}
