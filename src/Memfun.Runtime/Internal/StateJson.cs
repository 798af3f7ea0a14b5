using System.Text.Json;
using System.Text.Json.Serialization;
using Memfun.Runtime.Sessions;
using Memfun.Runtime.State;

namespace Memfun.Runtime.Internal;

/// <summary>JSON records stored by the contracts built on <see cref="IStateStore"/>.</summary>
internal static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes) => JsonSerializer.Deserialize<T>(bytes.Span, Options)!;

    public static async ValueTask<(T Value, ulong Revision)?> GetAsync<T>(IStateStore store, string key, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : (Deserialize<T>(entry.Value), entry.Revision);
    }

    public static async IAsyncEnumerable<T> ListAsync<T>(IStateStore store, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in store.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            // A key can expire or be deleted between listing and reading it.
            if (await GetAsync<T>(store, key, cancellationToken).ConfigureAwait(false) is { } found)
            {
                yield return found.Value;
            }
        }
    }

    public static Session WithRevision(Session session, ulong revision) => session with { Revision = revision };
}
