using System.Text.Json;
using System.Text.Json.Serialization;

namespace Memfun.Agent.Tracing;

/// <summary>The JSON shape of trace lines: snake_case names, enums as strings, one event per line.</summary>
internal static class TraceJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
