using Memfun.Core.Errors;
using Memfun.Runtime.Conformance;
using Memfun.Runtime.Errors;
using Memfun.Testing;

namespace Memfun.Runtime.Nats.Tests;

public sealed class NatsFailureTests : ServerFailureTests
{
    protected override string TierName => "nats";

    protected override Task<ServerProcess> StartServerAsync(string? password = null) =>
        password is null ? ServerProcess.StartNatsAsync() : ServerProcess.StartNatsAsync(true, "--user", "memfun", "--pass", password);

    protected override string Url(ServerProcess server, string? password = null) =>
        password is null ? $"nats://127.0.0.1:{server.Port}" : $"nats://memfun:{password}@127.0.0.1:{server.Port}";

    protected override async Task<IRuntimeBackend> ConnectAsync(string url) =>
        await NatsBackend.ConnectAsync(new NatsBackendOptions { Url = url, Namespace = "f" + Guid.NewGuid().ToString("N")[..12], Timeout = TimeSpan.FromSeconds(2) }, cancellationToken: Cancellation);

    [Fact]
    public async Task JetStreamDisabled_FailsSayingWhatIsMissing()
    {
        await using var server = await ServerProcess.StartNatsAsync(jetStream: false);

        var error = await Assert.ThrowsAsync<BackendException>(() => ConnectAsync(Url(server)));

        Assert.Equal(MemfunErrorCodes.BackendMissingFeature, error.ErrorCode);
        Assert.Contains("JetStream", error.Message, StringComparison.Ordinal);
        Assert.Contains($"nats tier at {Url(server)}", error.Message, StringComparison.Ordinal);
    }
}
