using Memfun.Core.Errors;
using Memfun.Sandbox.Docker;

namespace Memfun.Sandbox.Tests;

/// <summary>The conformance suite on the local host (bubblewrap where available).</summary>
public sealed class LocalSandboxTests : SandboxConformanceTests;

/// <summary>
/// The conformance suite on the Docker host. It needs a reachable Docker daemon and the sandbox image, which
/// scripts/docker-sandbox.sh provides from local files (Debian's docker.io, an image made with debootstrap; no
/// registry). CI runs that script and sets <c>MEMFUN_REQUIRE_DOCKER=1</c> when it succeeded, so a missing daemon or
/// image then fails these tests; elsewhere each test is skipped with the reason.
/// </summary>
public sealed class DockerSandboxTests : SandboxConformanceTests
{
    protected override async Task<KernelSandbox> OpenSandboxAsync()
    {
        try
        {
            return await DockerSandbox.OpenAsync("memfun-sandbox:latest", cancellationToken: Cancellation);
        }
        catch (SandboxException e) when (e.ErrorCode == MemfunErrorCodes.SandboxUnavailable)
        {
            if (Environment.GetEnvironmentVariable("MEMFUN_REQUIRE_DOCKER") == "1")
            {
                Assert.Fail($"MEMFUN_REQUIRE_DOCKER=1, but the Docker host is not available: {e.Message}");
            }

            Assert.Skip($"The Docker host needs a Docker daemon and the memfun-sandbox image (run scripts/docker-sandbox.sh): {e.Message}");
            throw;
        }
    }
}

public sealed class DockerAvailabilityTests
{
    [Fact]
    public async Task UnreachableDaemon_IsAClearErrorWithAHint()
    {
        var endpoint = new Uri($"unix://{Path.Combine(Path.GetTempPath(), $"no-docker-{Guid.NewGuid():N}.sock")}");

        var error = await Assert.ThrowsAsync<SandboxException>(() => DockerSandbox.OpenAsync("memfun-sandbox:latest", endpoint, TestContext.Current.CancellationToken));

        Assert.Equal(MemfunErrorCodes.SandboxUnavailable, error.ErrorCode);
        Assert.Contains("No Docker daemon answers at", error.Message, StringComparison.Ordinal);
        Assert.Contains("kind = \"local\"", error.Hint, StringComparison.Ordinal);
    }
}
