using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Memfun.Llm.Programs;

/// <summary>
/// Named field values: a dataset row (inputs and expected outputs) or a few-shot demonstration.
/// A program reads only the fields its signature names, so one example can carry inputs and labels together.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "DSPy's name for a dataset row; it is used as a record of fields, not as a collection.")]
public sealed class Example : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _fields;

    /// <summary>Creates an example from field values.</summary>
    public Example(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, string>(fields, StringComparer.Ordinal);
    }

    /// <summary>Creates an example from <c>(name, value)</c> pairs.</summary>
    public static Example Of(params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
    }

    /// <inheritdoc />
    public string this[string key] => _fields[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _fields.Values;

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value) => _fields.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
