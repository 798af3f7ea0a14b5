namespace Memfun.Runtime.DependencyInjection;

/// <summary>Builds the configured runtime once, on first use, and disposes it with the container.</summary>
public sealed class MemfunRuntimeProvider(RuntimeBuilder builder) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MemfunRuntime? _runtime;

    /// <summary>Gets the runtime, connecting the tier the first time.</summary>
    public async Task<MemfunRuntime> GetRuntimeAsync(CancellationToken cancellationToken = default)
    {
        if (_runtime is { } built)
        {
            return built;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _runtime ??= await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
