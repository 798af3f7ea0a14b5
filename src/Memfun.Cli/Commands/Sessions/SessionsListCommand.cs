using System.Globalization;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console;

namespace Memfun.Cli.Commands.Sessions;

/// <summary><c>memfun sessions list</c>: this project's chats, the most recent first.</summary>
public sealed class SessionsListCommand(CliEnvironment environment) : SessionsCommand<JsonSettings>(environment)
{
    private protected override async Task<int> RunAsync(ChatSessions chats, JsonSettings settings, CancellationToken cancellationToken)
    {
        var list = await chats.ListAsync(cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            await WriteJsonAsync(list.Select(s => new { id = s.Id, created_at = s.CreatedAt, updated_at = s.UpdatedAt, turns = ChatSessions.Count(s), title = s.Data.GetValueOrDefault("title"), model = s.Data.GetValueOrDefault("model") })).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (list.Count == 0)
        {
            Environment.Error.MarkupLine("No chats in this project yet: [bold]memfun chat[/] starts one.");
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("Session", "Updated", "Turns", "Title");
        foreach (var session in list)
        {
            table.AddRow(Markup.Escape(session.Id[..12]), session.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                ChatSessions.Count(session).ToString(CultureInfo.InvariantCulture), Markup.Escape(session.Data.GetValueOrDefault("title", "")));
        }

        Environment.Out.Write(table);
        Environment.Error.MarkupLine("[grey]memfun chat --resume ID continues one; --continue the most recent.[/]");
        return ExitCodes.Success;
    }
}
