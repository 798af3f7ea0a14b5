using System.Text.Json;

namespace Memfun.Skills.Invocation;

/// <summary>
/// A skill or agent as a callable tool, for the MCP gateway: a name, a description, a JSON Schema for its
/// arguments and an asynchronous invoke. See <c>docs/skills.md</c> ("Skills and agents as tools").
/// </summary>
/// <param name="Kind">Skill or agent.</param>
/// <param name="Name">The skill's or agent's name.</param>
/// <param name="ToolName">The tool name to expose (<c>skill_NAME</c> or <c>agent_NAME</c>; letters, digits, '_' and '-').</param>
/// <param name="Description">What it does and when to use it.</param>
/// <param name="InputSchema">The JSON Schema (2020-12) of the arguments object.</param>
/// <param name="Invoke">Runs it with the arguments object and returns the answer (Markdown).</param>
public sealed record Invocable(
    InvocableKind Kind,
    string Name,
    string ToolName,
    string Description,
    JsonElement InputSchema,
    Func<JsonElement, CancellationToken, Task<string>> Invoke)
{
    /// <summary>Invokes it.</summary>
    /// <exception cref="Memfun.Core.Errors.MemfunException">Bad arguments (<c>ToolException</c>), or the skill or agent failed.</exception>
    public Task<string> InvokeAsync(JsonElement arguments, CancellationToken cancellationToken = default) => Invoke(arguments, cancellationToken);
}
