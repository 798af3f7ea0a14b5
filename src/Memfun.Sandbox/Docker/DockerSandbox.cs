using System.Net.Sockets;
using Docker.DotNet;
using Memfun.Core.Errors;

namespace Memfun.Sandbox.Docker;

/// <summary>
/// Runs REPL kernels in containers through the Docker Engine API: network none, the project mounted read-only,
/// a read-only root file system with a private /tmp, an unprivileged user, no capabilities, and memory and
/// process limits from the options.
/// </summary>
public sealed class DockerSandbox : KernelSandbox
{
    private readonly DockerClient _client;
    private readonly string _image;

    private DockerSandbox(DockerClient client, string image)
    {
        _client = client;
        _image = image;
    }

    /// <summary>Gets the Docker endpoint used when none is given: <c>DOCKER_HOST</c>, else the local socket.</summary>
    public static Uri DefaultEndpoint => new(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock");

    /// <summary>Connects to the daemon and checks that the kernel image exists.</summary>
    /// <exception cref="SandboxException">No daemon answers, or the image is missing.</exception>
    public static async Task<DockerSandbox> OpenAsync(string image, Uri? endpoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        endpoint ??= DefaultEndpoint;
        var client = new DockerClientConfiguration(endpoint, defaultTimeout: TimeSpan.FromSeconds(10)).CreateClient();
        try
        {
            await client.System.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TimeoutException or DockerApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"No Docker daemon answers at {endpoint}: {e.Message}", e)
            {
                Hint = "Start Docker (or set DOCKER_HOST), or use [sandbox] kind = \"local\".",
            };
        }

        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException e)
        {
            client.Dispose();
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The sandbox image '{image}' is not present on the Docker daemon.", e)
            {
                Hint = $"Build it: docker build -t {image} -f docker/sandbox.Dockerfile docker/",
            };
        }

        return new DockerSandbox(client, image);
    }

    private protected override async Task<IKernelTransport> StartTransportAsync(SandboxOptions options, CancellationToken cancellationToken) =>
        await DockerKernelTransport.StartAsync(_client, _image, options, cancellationToken).ConfigureAwait(false);

    private protected override ValueTask DisposeHostAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
