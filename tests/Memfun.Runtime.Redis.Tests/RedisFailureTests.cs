using Memfun.Runtime.Conformance;
using Memfun.Testing;

namespace Memfun.Runtime.Redis.Tests;

public sealed class RedisFailureTests : ServerFailureTests
{
    protected override string TierName => "redis";

    protected override Task<ServerProcess> StartServerAsync(string? password = null) =>
        password is null ? ServerProcess.StartRedisAsync() : ServerProcess.StartRedisAsync("--requirepass", password);

    protected override string Url(ServerProcess server, string? password = null) =>
        password is null ? $"redis://127.0.0.1:{server.Port}" : $"redis://:{password}@127.0.0.1:{server.Port}";

    protected override async Task<IRuntimeBackend> ConnectAsync(string url) =>
        await RedisBackend.ConnectAsync(new RedisBackendOptions { Url = url, Namespace = "failure-" + Guid.NewGuid().ToString("N"), Timeout = TimeSpan.FromSeconds(2) }, cancellationToken: Cancellation);
}
