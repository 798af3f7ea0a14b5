using System.Text.Json;

namespace Memfun.Hosting.Remote;

/// <summary>The JSON form of remote tasks, results and progress (camelCase, as the runtime's own records).</summary>
internal static class RemoteJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
