using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;

namespace Memfun.Agent.Rlm;

/// <summary>
/// The root conversation of a run. Each turn is kept whole; when the prompt would outgrow the model's window,
/// older turns are folded into one-line summaries (code's first line, output's start) and only the latest
/// turns stay verbatim.
/// </summary>
internal sealed class RlmHistory(string system, string task, RlmOptions options)
{
    private const int CharsPerToken = 4;
    private const double WindowShare = 0.7;
    private const int SummaryOutputChars = 160;
    private readonly List<Turn> _turns = [];

    public void Add(int index, string reply, string feedback, string code, string output) =>
        _turns.Add(new Turn(index, reply, feedback, code, output));

    /// <summary>Builds the prompt, compacting as needed; <paramref name="squeeze"/> forces the smallest form after a context overflow.</summary>
    public List<ChatMessage> Build(bool squeeze = false)
    {
        var budgetChars = (long)(options.ContextWindowTokens * WindowShare * CharsPerToken);
        var verbatim = squeeze ? Math.Min(1, _turns.Count) : _turns.Count;
        var messages = Render(verbatim);
        while (verbatim > 1 && Size(messages) > budgetChars)
        {
            messages = Render(--verbatim);
        }

        return messages;
    }

    public static long Size(IEnumerable<ChatMessage> messages) => messages.Sum(m => (long)(m.Text?.Length ?? 0));

    private List<ChatMessage> Render(int verbatim)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, task) };
        var folded = _turns.Count - verbatim;
        if (folded > 0)
        {
            var summary = new StringBuilder("Earlier turns, summarised to fit the context window (their variables still exist in the REPL):\n");
            foreach (var turn in _turns.Take(folded))
            {
                var firstLine = turn.Code.Split('\n', 2)[0];
                var output = turn.Output.ReplaceLineEndings(" ");
                summary.Append(CultureInfo.InvariantCulture, $"- turn {turn.Index}: ran `{firstLine}`… → {(output.Length > SummaryOutputChars ? output[..SummaryOutputChars] + "…" : output)}\n");
            }

            messages.Add(new ChatMessage(ChatRole.User, summary.ToString()));
        }

        foreach (var turn in _turns.Skip(folded))
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, turn.Reply));
            messages.Add(new ChatMessage(ChatRole.User, turn.Feedback));
        }

        return messages;
    }

    private sealed record Turn(int Index, string Reply, string Feedback, string Code, string Output);
}
