using System.Globalization;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Runtime.Sessions;
using Spectre.Console;

namespace Memfun.Cli.Commands.Sessions;

/// <summary><c>memfun sessions list</c>: this project's chats, the most recent first.</summary>
public sealed class SessionsListCommand(CliEnvironment environment) : SessionsCommand<JsonSettings>(environment)
{
    /// <inheritdoc />
    /// <remarks>A listing that worked is not worth a log line in every project it ran in; a failure still gets one.</remarks>
    protected override bool LogsSuccess => false;

    private protected override async Task<int> RunAsync(ChatSessions chats, JsonSettings settings, CancellationToken cancellationToken)
    {
        var list = await chats.ListAsync(cancellationToken).ConfigureAwait(false);
        return await PrintAsync(list, settings).ConfigureAwait(false);
    }

    /// <inheritdoc />
    private protected override Task<int>? RunWithoutChatsAsync(JsonSettings settings) => PrintAsync([], settings);

    private async Task<int> PrintAsync(IReadOnlyList<Session> list, JsonSettings settings)
    {
        if (settings.Json)
        {
            await WriteJsonAsync(list.Select(s => new { id = s.Id, created_at = s.CreatedAt, updated_at = s.UpdatedAt, turns = ChatSessions.Count(s), title = s.Data.GetValueOrDefault("title"), model = s.Data.GetValueOrDefault("model") })).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (list.Count == 0)
        {
            await Environment.ErrorWriter.WriteLineAsync("No chats in this project yet: memfun chat starts one.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = new TextTable("Session", "Updated", "Turns", "Title");
        foreach (var session in list)
        {
            table.AddRow(session.Id[..12], DisplayFormat.LocalMinute(session.UpdatedAt),
                ChatSessions.Count(session).ToString(CultureInfo.InvariantCulture), session.Data.GetValueOrDefault("title", ""));
        }

        table.WriteTo(Environment.OutWriter, Environment.OutputWidth);
        await Environment.ErrorWriter.WriteLineAsync("memfun chat --resume ID continues one; --continue the most recent.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
