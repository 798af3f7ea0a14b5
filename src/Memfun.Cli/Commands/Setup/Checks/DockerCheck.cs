using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;
using Memfun.Sandbox;
using Memfun.Sandbox.Docker;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>When the sandbox is configured to run in Docker, checks that a daemon answers and the image is there.</summary>
internal sealed class DockerCheck : IDoctorCheck
{
    public string Name => "docker (sandbox host)";

    public bool IsRequired => true;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        if (config.Sandbox.Kind != SandboxKind.Docker)
        {
            return DoctorCheckResult.Ok("not used: the sandbox runs locally");
        }

        try
        {
            await using var sandbox = await DockerSandbox.OpenAsync(config.Sandbox.DockerImage, cancellationToken: cancellationToken).ConfigureAwait(false);
            return DoctorCheckResult.Ok($"daemon at {DockerSandbox.DefaultEndpoint}, image {config.Sandbox.DockerImage}");
        }
        catch (SandboxException e)
        {
            return DoctorCheckResult.Missing(e.Message, e.Hint ?? "see docs/sandbox.md");
        }
    }
}
