namespace Memfun.Tools.Mcp;

/// <summary>An argument of an <see cref="McpPrompt"/>.</summary>
/// <param name="Name">The argument's name.</param>
/// <param name="Description">What to give.</param>
/// <param name="Required">Whether the prompt needs it.</param>
/// <param name="Complete">The known values, for <c>completion/complete</c>; null when the argument is free text.</param>
public sealed record McpPromptArgument(string Name, string Description, bool Required, McpCompleter? Complete = null);
