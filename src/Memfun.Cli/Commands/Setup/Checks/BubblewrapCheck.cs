using Memfun.Cli.Diagnostics;
using Memfun.Core.Processes;
using Memfun.Hosting.Configuration;
using Memfun.Sandbox;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>Checks that bubblewrap can isolate the sandbox from the network (installed is not enough: user namespaces may be off).</summary>
internal sealed class BubblewrapCheck : IDoctorCheck
{
    private const string Fix = "install it (`apt-get install bubblewrap`) and allow unprivileged user namespaces; without it the sandbox has resource limits only";

    public string Name => "bubblewrap (sandbox isolation)";

    public bool IsRequired => false;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        if (config.Sandbox.Kind == SandboxKind.Docker)
        {
            return DoctorCheckResult.Ok("not used: the sandbox runs in Docker");
        }

        var result = await ProcessRunner.TryRunAsync("bwrap", ["--ro-bind", "/", "/", "--unshare-net", "--die-with-parent", "true"], timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result switch
        {
            null => DoctorCheckResult.Warning("not installed: WEAKER ISOLATION (no network or filesystem isolation)", Fix),
            { Succeeded: true } => DoctorCheckResult.Ok("network-less namespaces work"),
            _ => DoctorCheckResult.Warning($"installed but cannot create namespaces: {result.Stderr.Trim()}", Fix),
        };
    }
}
