using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Memfun.Hosting.Configuration;

/// <summary>
/// The process environment as a read-only dictionary: a variable asked for by name is looked up directly; listing them
/// all takes a snapshot of the whole environment the first time.
/// </summary>
/// <remarks>
/// Most commands only ask for a few variables by name (<c>MEMFUN_*</c>, <c>HOME</c>, <c>NO_COLOR</c>), and copying the
/// whole environment into a dictionary cost 2–3 ms at the start of every command (issue 20). Memfun never changes its own
/// environment, so the two ways agree.
/// </remarks>
internal sealed class ProcessVariables : IReadOnlyDictionary<string, string?>
{
    private Dictionary<string, string?>? _snapshot;

    /// <inheritdoc />
    public int Count => Snapshot.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => Snapshot.Keys;

    /// <inheritdoc />
    public IEnumerable<string?> Values => Snapshot.Values;

    private Dictionary<string, string?> Snapshot => LazyInitializer.EnsureInitialized(ref _snapshot, Take);

    /// <inheritdoc />
    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The environment variable '{key}' is not set.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_snapshot is { } snapshot)
        {
            return snapshot.TryGetValue(key, out value);
        }

        value = Environment.GetEnvironmentVariable(key);
        return value is not null;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => Snapshot.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static Dictionary<string, string?> Take()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            variables[(string)variable.Key] = variable.Value as string;
        }

        return variables;
    }
}
