using System.Text.Json.Serialization;

namespace Memfun.Skills.Agents;

/// <summary>The payload of a task sent to a defined agent.</summary>
/// <param name="Task">What to do.</param>
/// <param name="Chain">The agents already working on the request, outermost first (loop detection).</param>
/// <param name="Budget">How many more sub-tasks may be handed out along this chain.</param>
public sealed record AgentRequest(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("chain")] IReadOnlyList<string> Chain,
    [property: JsonPropertyName("budget")] int Budget);
