using Memfun.Cli.Commands.Agent;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Spectre.Console;

namespace Memfun.Cli.Commands.Sessions;

/// <summary><c>memfun sessions show ID</c>: one chat, turn by turn.</summary>
public sealed class SessionsShowCommand(CliEnvironment environment) : SessionsCommand<SessionSettings>(environment)
{
    /// <inheritdoc />
    /// <remarks>Read-only, as <c>sessions list</c>: only a failure is logged.</remarks>
    protected override bool LogsSuccess => false;

    private protected override async Task<int> RunAsync(ChatSessions chats, SessionSettings settings, CancellationToken cancellationToken)
    {
        var session = await chats.FindAsync(settings.Id, cancellationToken).ConfigureAwait(false);
        var turns = ChatSessions.Turns(session);
        if (settings.Json)
        {
            await WriteJsonAsync(new { id = session.Id, created_at = session.CreatedAt, updated_at = session.UpdatedAt, model = session.Data.GetValueOrDefault("model"), turns = turns.Select(t => new { user = t.User, answer = t.Answer }) }).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        Environment.Error.MarkupLine($"[bold]session {Markup.Escape(session.Id)}[/] · {turns.Count} turns · started {DisplayFormat.LocalMinute(session.CreatedAt)}");
        foreach (var turn in turns)
        {
            Environment.Out.MarkupLine($"[bold green]you>[/] {Markup.Escape(turn.User)}");
            await AgentCommand<AgentCommandSettings>.WriteAnswerAsync(Environment, turn.Answer).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
