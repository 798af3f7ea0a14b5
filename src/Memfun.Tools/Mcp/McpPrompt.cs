namespace Memfun.Tools.Mcp;

/// <summary>A prompt the gateway publishes: its arguments and how to render it into the text of a user message.</summary>
/// <param name="Name">The prompt's name.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Render">Renders the message from the arguments given (by name); required ones are checked before.</param>
public sealed record McpPrompt(
    string Name,
    string Description,
    IReadOnlyList<McpPromptArgument> Arguments,
    Func<IReadOnlyDictionary<string, string>, CancellationToken, Task<string>> Render);
