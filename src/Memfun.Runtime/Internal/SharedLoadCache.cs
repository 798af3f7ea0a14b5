using System.Collections.Concurrent;

namespace Memfun.Runtime.Internal;

/// <summary>
/// Caches a value per key where concurrent misses share one load: a thousand concurrent first publishes to a
/// topic fetch its options once, not a thousand times. A failed load is forgotten, so the next call retries.
/// </summary>
internal sealed class SharedLoadCache<T>(Func<string, Task<T>> load)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _entries = new(StringComparer.Ordinal);

    public ValueTask<T> GetAsync(string key, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<T>>(() => load(k)));
        var task = entry.Value;

        // A loaded value is returned without an await: the hot path of every publish.
        return task.IsCompletedSuccessfully ? ValueTask.FromResult(task.GetAwaiter().GetResult()) : AwaitAsync(key, entry, cancellationToken);
    }

    public void Set(string key, T value) => _entries[key] = new Lazy<Task<T>>(Task.FromResult(value));

    public void Remove(string key) => _entries.TryRemove(key, out _);

    private async ValueTask<T> AwaitAsync(string key, Lazy<Task<T>> entry, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }
}
