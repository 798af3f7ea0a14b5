using Memfun.Runtime.Conformance;
using Memfun.Runtime.InProcess;

namespace Memfun.Runtime.Tests;

public sealed class InProcessTier : RuntimeTier
{
    public override string Name => "memory";

    public override bool IsDurable => false;

    public override Task<IRuntimeBackend> CreateBackendAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IRuntimeBackend>(new InProcessBackend());
}
