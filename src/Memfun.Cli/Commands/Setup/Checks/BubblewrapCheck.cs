using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>
/// Checks that bubblewrap can isolate the sandbox (installed is not enough: user namespaces may be off). The local
/// sandbox refuses to start without it unless <c>[sandbox] isolation = "none"</c>, so a failure here is a failure.
/// </summary>
internal sealed class BubblewrapCheck : IDoctorCheck
{
    private const string Fix = "install it (`apt-get install bubblewrap`) and allow unprivileged user namespaces, or opt out with [sandbox] isolation = \"none\" (code then runs with resource limits only)";

    public string Name => "bubblewrap (sandbox isolation)";

    public bool IsRequired => true;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        if (config.Sandbox.Kind == SandboxKind.Docker)
        {
            return DoctorCheckResult.Ok("not used: the sandbox runs in Docker");
        }

        if (config.Sandbox.Isolation == SandboxIsolationMode.None)
        {
            return DoctorCheckResult.Warning(
                "not used: [sandbox] isolation = \"none\", so code runs with resource limits only (it can read and write your files and use the network)",
                "install bubblewrap and remove isolation = \"none\" from [sandbox]");
        }

        return await LocalSandbox.CheckBubblewrapAsync(cancellationToken).ConfigureAwait(false) is { } problem
            ? DoctorCheckResult.Missing($"{problem}: the local sandbox refuses to run code", Fix)
            : DoctorCheckResult.Ok("network-less namespaces work: the sandbox isolates code");
    }
}
