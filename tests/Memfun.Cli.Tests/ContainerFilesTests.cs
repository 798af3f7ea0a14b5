using Memfun.Testing;

namespace Memfun.Cli.Tests;

/// <summary>
/// The container files keep their promises: Memfun's image is multi-stage, runs as a non-root user and has what the
/// tools and the sandbox need; compose runs Redis or NATS with workers on a read-only checkout.
/// </summary>
/// <remarks>
/// Memfun's image needs the official .NET images, which these machines cannot pull, so it is checked here by reading
/// it; the sandbox image is built and run by scripts/docker-sandbox.sh and the Docker sandbox tests.
/// </remarks>
public sealed class ContainerFilesTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, path));

    [Fact]
    public void MemfunImage_IsMultiStage_NonRoot_WithPythonGitRipgrepAndBubblewrap()
    {
        var dockerfile = Read("docker/Dockerfile");
        var stages = dockerfile.Split('\n').Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Contains(" AS build", stages[0], StringComparison.Ordinal);
        Assert.Contains("COPY --from=build", dockerfile, StringComparison.Ordinal);
        var install = dockerfile.Split('\n').Single(l => l.Contains("apt-get install", StringComparison.Ordinal));
        Assert.All(new[] { "python3", "git", "ripgrep", "bubblewrap" }, tool => Assert.Contains($" {tool} ", install, StringComparison.Ordinal));
        var user = dockerfile.Split('\n').Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain("root", user, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"memfun\"]", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_RunsWorkersOnRedisOrNats_OverAReadOnlyCheckout()
    {
        var compose = Read("docker/compose.yaml");

        Assert.Contains("worker-redis:", compose, StringComparison.Ordinal);
        Assert.Contains("worker-nats:", compose, StringComparison.Ordinal);
        Assert.Contains("command: [\"worker\", \"--repo\", \"/repo\"]", compose, StringComparison.Ordinal);
        Assert.Contains(":/repo:ro\"", compose, StringComparison.Ordinal);
        Assert.Contains("replicas: ${MEMFUN_WORKERS:-2}", compose, StringComparison.Ordinal);
        Assert.Contains("MEMFUN_BACKEND_REDIS_URL=redis://redis:6379", compose, StringComparison.Ordinal);
        Assert.Contains("MEMFUN_BACKEND_NATS_URL=nats://nats:4222", compose, StringComparison.Ordinal);
    }
}
