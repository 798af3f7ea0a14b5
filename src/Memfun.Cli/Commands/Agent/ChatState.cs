using Memfun.Cli.Commands.Sessions;
using Memfun.Runtime.Sessions;

namespace Memfun.Cli.Commands.Agent;

/// <summary>The conversation of a running chat and the session that keeps it (created with the first answer).</summary>
internal sealed class ChatState(ChatSessions chats)
{
    private readonly List<ChatTurn> _turns = [];

    public ChatSessions Chats => chats;

    /// <summary>Gets the session, null until the first answer of a new chat.</summary>
    public Session? Current { get; private set; }

    /// <summary>Gets the turns so far, earlier sessions' included when resumed.</summary>
    public IReadOnlyList<ChatTurn> Turns => _turns;

    public async Task ResumeAsync(string id, CancellationToken cancellationToken)
    {
        Current = await chats.FindAsync(id, cancellationToken).ConfigureAwait(false);
        _turns.Clear();
        _turns.AddRange(ChatSessions.Turns(Current));
    }

    public async Task AppendAsync(ChatTurn turn, string model, CancellationToken cancellationToken)
    {
        Current ??= await chats.StartAsync(model, cancellationToken).ConfigureAwait(false);
        Current = await chats.AppendAsync(Current, turn, cancellationToken).ConfigureAwait(false);
        _turns.Add(turn);
    }

    /// <summary>Forgets the conversation; the next answer starts a new session.</summary>
    public void Clear()
    {
        Current = null;
        _turns.Clear();
    }
}
