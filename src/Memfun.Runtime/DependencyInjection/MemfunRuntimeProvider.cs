using Memfun.Core.Threading;

namespace Memfun.Runtime.DependencyInjection;

/// <summary>Builds the configured runtime once, on first use, and disposes it with the container.</summary>
public sealed class MemfunRuntimeProvider(RuntimeBuilder builder) : IAsyncDisposable
{
    private readonly AsyncLazy<MemfunRuntime> _runtime = new(builder.BuildAsync);

    /// <summary>Gets the runtime, connecting the tier the first time.</summary>
    public async Task<MemfunRuntime> GetRuntimeAsync(CancellationToken cancellationToken = default) =>
        await _runtime.GetAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _runtime.DisposeAsync();
}
