namespace Memfun.Core.Threading;

/// <summary>
/// A service that is opened asynchronously on first use, at most once, and disposed with its owner (a sandbox pool,
/// a runtime connection, MCP server sessions): nothing is started for a command that does not need it.
/// </summary>
/// <typeparam name="T">The service type.</typeparam>
/// <param name="open">Opens the service; a failed open is retried by the next caller.</param>
/// <remarks>Thread-safe.</remarks>
public sealed class AsyncLazy<T>(Func<CancellationToken, Task<T>> open) : IAsyncDisposable
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;

    /// <summary>Gets a value indicating whether the service has been opened.</summary>
    public bool IsOpened => _value is not null;

    /// <summary>Returns the service, opening it the first time.</summary>
    /// <param name="cancellationToken">Cancels the wait and the opening.</param>
    public async ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_value is { } opened)
        {
            return opened;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _value ??= await open(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        switch (_value)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        _gate.Dispose();
    }
}
