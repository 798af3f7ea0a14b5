using Memfun.Hosting.Configuration;

namespace Memfun.Cli.Diagnostics;

/// <summary>One check run by <c>memfun doctor</c>. Areas add their own checks through dependency injection.</summary>
public interface IDoctorCheck
{
    /// <summary>Gets what is checked, as shown in the table (<c>python3</c>, <c>backend (sqlite)</c>).</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether a failure makes <c>doctor</c> exit non-zero (otherwise it is a warning).</summary>
    bool IsRequired { get; }

    /// <summary>Runs the check. Must not throw for an expected failure: return it as a result with a fix.</summary>
    ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default);
}
