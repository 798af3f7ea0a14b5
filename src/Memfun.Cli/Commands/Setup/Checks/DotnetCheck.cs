using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>Reports the .NET runtime memfun runs on (if this runs, it is there).</summary>
internal sealed class DotnetCheck : IDoctorCheck
{
    public string Name => ".NET runtime";

    public bool IsRequired => true;

    public ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(DoctorCheckResult.Ok($".NET {Environment.Version}"));
}
