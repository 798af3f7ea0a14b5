using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Memfun.Agent.Tracing;

/// <summary>The JSON shape of trace lines: snake_case names, enums as strings, one event per line.</summary>
/// <remarks>Workers stream a remote run's events in this shape, so the submitter's trace copy reads like a local one.</remarks>
public static class TraceJson
{
    /// <summary>Gets the serializer options of trace lines (<see cref="Rlm.RlmEvent"/> is polymorphic on <c>type</c>).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // Trace events and summaries from generated code; anything else a caller serializes with these options by reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(TraceJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}
