using System.Globalization;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Runtime.Errors;
using Memfun.Runtime.Sessions;

namespace Memfun.Cli.Commands.Sessions;

/// <summary>
/// The chats of one project, kept as runtime sessions (<see cref="ISessionManager"/>), so they live in whatever state
/// store the project's backend is: SQLite by default, Redis or NATS for a team. A session's data holds its kind, project,
/// model, title and every turn (<c>turn/0001/user</c>, <c>turn/0001/answer</c>).
/// </summary>
internal sealed class ChatSessions(ISessionManager sessions, string projectRoot)
{
    private const string Kind = "chat";
    private const int TitleLength = 80;

    /// <summary>Starts a chat session.</summary>
    public async Task<Session> StartAsync(string model, CancellationToken cancellationToken) =>
        await sessions.CreateAsync(new Dictionary<string, string> { ["kind"] = Kind, ["project"] = projectRoot, ["model"] = model, ["turns"] = "0", ["title"] = "" }, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a turn to <paramref name="session"/> and returns the updated session.</summary>
    public async Task<Session> AppendAsync(Session session, ChatTurn turn, CancellationToken cancellationToken)
    {
        var index = Count(session) + 1;
        var key = string.Create(CultureInfo.InvariantCulture, $"turn/{index:D4}/");
        var changes = new Dictionary<string, string>
        {
            [key + "user"] = turn.User,
            [key + "answer"] = turn.Answer,
            ["turns"] = index.ToString(CultureInfo.InvariantCulture),
        };
        if (session.Data.GetValueOrDefault("title") is null or "")
        {
            var title = turn.User.ReplaceLineEndings(" ");
            changes["title"] = title.Length > TitleLength ? title[..(TitleLength - 1)] + "…" : title;
        }

        return await sessions.UpdateAsync(session.Id, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns this project's chats, the most recently used first.</summary>
    public async Task<List<Session>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<Session>();
        await foreach (var session in sessions.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (session.Data.GetValueOrDefault("kind") == Kind && session.Data.GetValueOrDefault("project") == projectRoot)
            {
                list.Add(session);
            }
        }

        return [.. list.OrderByDescending(s => s.UpdatedAt)];
    }

    /// <summary>Finds a chat of this project by id, unique id prefix, or <c>last</c>.</summary>
    /// <exception cref="SessionException">No chat, or several, match.</exception>
    public async Task<Session> FindAsync(string id, CancellationToken cancellationToken)
    {
        var all = await ListAsync(cancellationToken).ConfigureAwait(false);
        var matches = id == "last" ? all.Take(1).ToList() : all.Where(s => s.Id.StartsWith(id, StringComparison.Ordinal)).ToList();
        return matches switch
        {
            [var one] => one,
            [] => throw new SessionException(MemfunErrorCodes.SessionNotFound, id == "last" ? "There is no earlier chat in this project." : $"There is no chat '{id}' in this project.")
            {
                Hint = all.Count == 0 ? "Start one with `memfun chat`." : "`memfun sessions list` shows this project's chats.",
            },
            _ => throw new SessionException(MemfunErrorCodes.SessionNotFound, $"'{id}' matches {matches.Count} chats.") { Hint = "Give more of the id (`memfun sessions list`)." },
        };
    }

    /// <summary>Deletes a chat.</summary>
    public async Task DeleteAsync(Session session, CancellationToken cancellationToken) =>
        await sessions.DeleteAsync(session.Id, cancellationToken).ConfigureAwait(false);

    /// <summary>Returns the number of turns of <paramref name="session"/>.</summary>
    public static int Count(Session session) =>
        int.TryParse(session.Data.GetValueOrDefault("turns"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;

    /// <summary>Returns the turns of <paramref name="session"/>, in order.</summary>
    public static List<ChatTurn> Turns(Session session)
    {
        var turns = new List<ChatTurn>();
        for (var i = 1; i <= Count(session); i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"turn/{i:D4}/");
            turns.Add(new ChatTurn(session.Data.GetValueOrDefault(key + "user", ""), session.Data.GetValueOrDefault(key + "answer", "")));
        }

        return turns;
    }

    /// <summary>Renders turns as the <c>conversation</c> variable the agent reads.</summary>
    public static string Conversation(IEnumerable<ChatTurn> turns)
    {
        var text = new StringBuilder();
        foreach (var turn in turns)
        {
            text.Append("User: ").Append(turn.User).Append("\n\nMemfun: ").Append(turn.Answer).Append("\n\n");
        }

        return text.ToString();
    }
}
