using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Memfun.Agent.Rlm;

/// <summary>
/// The root conversation of a run. Each turn is kept whole; when the prompt would outgrow the model's window,
/// older turns are folded into one-line summaries (code's first line, output's start) and only the latest
/// turns stay verbatim. Sizes are counted in o200k_base tokens (the GPT-4o family's encoding), a close
/// measure for today's models where a characters-per-token guess is far off for code and non-English text.
/// </summary>
internal sealed class RlmHistory(string system, string task, RlmOptions options)
{
    private const double WindowShare = 0.7;
    private const int SummaryOutputChars = 160;
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private readonly List<Turn> _turns = [];
    private readonly Lazy<long> _fixedTokens = new(() => CountTokens(system) + CountTokens(task));
    private readonly long _fixedBytes = Encoding.UTF8.GetByteCount(system) + Encoding.UTF8.GetByteCount(task);

    /// <summary>Gets a value indicating whether any size had to be counted in tokens (the tokenizer costs a second of start-up).</summary>
    internal bool Tokenized { get; private set; }

    public void Add(int index, string reply, string feedback, string code, string output) =>
        _turns.Add(new Turn(index, reply, feedback, code, output, Encoding.UTF8.GetByteCount(reply) + Encoding.UTF8.GetByteCount(feedback)));

    /// <summary>Returns the number of tokens of <paramref name="text"/>.</summary>
    public static int CountTokens(string text) => text.Length == 0 ? 0 : Tokenizer.Value.CountTokens(text);

    /// <summary>Builds the prompt, compacting as needed; <paramref name="squeeze"/> forces the smallest form after a context overflow.</summary>
    public List<ChatMessage> Build(bool squeeze = false)
    {
        var budget = (long)(options.ContextWindowTokens * WindowShare);
        var verbatim = squeeze ? Math.Min(1, _turns.Count) : _turns.Count;
        while (verbatim > 1 && !Fits(verbatim, budget))
        {
            verbatim--;
        }

        return Render(verbatim);
    }

    public static long Size(IEnumerable<ChatMessage> messages) => messages.Sum(m => (long)(m.Text?.Length ?? 0));

    private List<ChatMessage> Render(int verbatim)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, task) };
        var folded = _turns.Count - verbatim;
        if (folded > 0)
        {
            messages.Add(new ChatMessage(ChatRole.User, Summary(folded)));
        }

        foreach (var turn in _turns.Skip(folded))
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, turn.Reply));
            messages.Add(new ChatMessage(ChatRole.User, turn.Feedback));
        }

        return messages;
    }

    /// <summary>Whether the prompt with the last <paramref name="verbatim"/> turns kept whole and the others summarised fits <paramref name="budget"/> tokens.</summary>
    /// <remarks>
    /// An o200k token stands for at least one UTF-8 byte, so a prompt of no more bytes than the budget fits without
    /// counting: short runs never load the tokenizer.
    /// </remarks>
    private bool Fits(int verbatim, long budget)
    {
        var folded = _turns.Count - verbatim;
        var summary = folded > 0 ? Summary(folded) : "";
        if (_fixedBytes + Encoding.UTF8.GetByteCount(summary) + _turns.Skip(folded).Sum(turn => (long)turn.Bytes) <= budget)
        {
            return true;
        }

        Tokenized = true;
        return _fixedTokens.Value + CountTokens(summary) + _turns.Skip(folded).Sum(turn => (long)turn.Tokens) <= budget;
    }

    private string Summary(int folded)
    {
        var summary = new StringBuilder("Earlier turns, summarised to fit the context window (their variables still exist in the REPL):\n");
        foreach (var turn in _turns.Take(folded))
        {
            var firstLine = turn.Code.Split('\n', 2)[0];
            var output = turn.Output.ReplaceLineEndings(" ");
            summary.Append(CultureInfo.InvariantCulture, $"- turn {turn.Index}: ran `{firstLine}`… → {(output.Length > SummaryOutputChars ? output[..SummaryOutputChars] + "…" : output)}\n");
        }

        return summary.ToString();
    }

    private sealed record Turn(int Index, string Reply, string Feedback, string Code, string Output, int Bytes)
    {
        private int? _tokens;

        public int Tokens => _tokens ??= CountTokens(Reply) + CountTokens(Feedback);
    }
}
