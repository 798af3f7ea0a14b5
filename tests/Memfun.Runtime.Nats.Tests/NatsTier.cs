using Memfun.Runtime.Conformance;
using Memfun.Testing;

namespace Memfun.Runtime.Nats.Tests;

/// <summary>The NATS tier on the test server, with streams and a bucket of its own per test.</summary>
public sealed class NatsTier : RuntimeTier
{
    private readonly string _namespace = "t" + Guid.NewGuid().ToString("N")[..16];

    public override string Name => "nats";

    public NatsBackendOptions Options => new() { Url = TestServers.NatsUrl, Namespace = _namespace };

    public override async Task<IRuntimeBackend> CreateBackendAsync(CancellationToken cancellationToken) =>
        await NatsBackend.ConnectAsync(Options, cancellationToken: cancellationToken);

    public override async ValueTask CleanUpAsync()
    {
        if (Environment.GetEnvironmentVariable("MEMFUN_NATS_URL") is not { Length: > 0 })
        {
            return;
        }

        await using var backend = await NatsBackend.ConnectAsync(Options);
        await backend.DeleteNamespaceAsync();
    }
}
