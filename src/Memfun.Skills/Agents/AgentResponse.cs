using System.Text.Json.Serialization;

namespace Memfun.Skills.Agents;

/// <summary>The output of a defined agent's task.</summary>
/// <param name="Agent">The agent that answered.</param>
/// <param name="Answer">Its answer, in Markdown.</param>
public sealed record AgentResponse(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("answer")] string Answer);
