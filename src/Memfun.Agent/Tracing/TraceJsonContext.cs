using System.Text.Json.Serialization;
using Memfun.Agent.Rlm;

namespace Memfun.Agent.Tracing;

/// <summary>Source-generated metadata of what traces write, so a run does not build serializers by reflection on its way to the first request.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RlmEvent))]
[JsonSerializable(typeof(TraceSummary))]
internal sealed partial class TraceJsonContext : JsonSerializerContext;
