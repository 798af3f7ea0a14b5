using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console;

namespace Memfun.Cli.Commands.Sessions;

/// <summary><c>memfun sessions delete ID</c>: deletes one chat.</summary>
public sealed class SessionsDeleteCommand(CliEnvironment environment) : SessionsCommand<SessionSettings>(environment)
{
    private protected override async Task<int> RunAsync(ChatSessions chats, SessionSettings settings, CancellationToken cancellationToken)
    {
        var session = await chats.FindAsync(settings.Id, cancellationToken).ConfigureAwait(false);
        await chats.DeleteAsync(session, cancellationToken).ConfigureAwait(false);
        Environment.Error.MarkupLine($"Deleted session {Markup.Escape(session.Id)} ({ChatSessions.Count(session)} turns).");
        return ExitCodes.Success;
    }
}
