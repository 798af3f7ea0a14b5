namespace Memfun.Cli.Commands.Sessions;

/// <summary>One exchange of a chat: the user's message and the agent's answer.</summary>
/// <param name="User">The message.</param>
/// <param name="Answer">The answer.</param>
public sealed record ChatTurn(string User, string Answer);
