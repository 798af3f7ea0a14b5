using System.Globalization;
using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Cli.Rendering;
using Memfun.Llm.Usage;
using Spectre.Console;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// Shows a run's progress on standard error: a live status line (turn, sub-calls, tokens, cost), the model's prose as
/// it streams in and, with <c>--verbose</c>, each turn's code (as it streams) and output.
/// </summary>
/// <remarks>
/// Under the live status line (on a terminal) finished lines of prose are printed above it and the line being written
/// shows at its end, because text without a line end would be wiped when the status redraws. Without a status line
/// (redirected) the prose is written as plain text as it arrives: no colours and no cursor movement.
/// </remarks>
internal sealed class ProgressObserver(IAnsiConsole console, UsageLedger ledger, int maxIterations, bool verbose, bool showReplies = true) : IRlmObserver
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new();
    private int _iteration;
    private int _subCalls;
    private int _written;
    private bool _inFence;
    private int _streamedTurn;

    public Action<string>? StatusChanged { get; set; }

    public string Status
    {
        get
        {
            var usage = ledger.Total;
            var counters = string.Create(CultureInfo.InvariantCulture,
                $"turn {Volatile.Read(ref _iteration)}/{maxIterations} · {Volatile.Read(ref _subCalls)} sub-calls · {usage.TotalTokens:N0} tokens · ${usage.CostUsd:0.####}");
            var partial = PartialLine(console.Profile.Width - counters.Length - 8);
            return partial.Length == 0 ? counters : $"{counters} │ {partial}";
        }
    }

    public void OnEvent(RlmEvent runEvent)
    {
        switch (runEvent)
        {
            case RlmIteration { Depth: 0 } iteration:
                Interlocked.Exchange(ref _iteration, iteration.Index);
                bool streamed;
                lock (_gate)
                {
                    EndReply();
                    streamed = _streamedTurn == iteration.Index;
                }

                if (verbose)
                {
                    // A streamed reply showed its code as it came.
                    if (!streamed)
                    {
                        console.Write(new Panel(new Text(iteration.Code.Length == 0 ? "(no code)" : iteration.Code)) { Header = new PanelHeader($"turn {iteration.Index}: code") });
                    }

                    console.Write(new Panel(new Text(iteration.Output)) { Header = new PanelHeader($"turn {iteration.Index}: output"), BorderStyle = new Style(Color.Grey) });
                }

                break;
            case RlmSubCall:
                Interlocked.Increment(ref _subCalls);
                break;
            case RlmRunStarted { Depth: > 0 } child when verbose:
                console.MarkupLine($"[grey]recursive run {Markup.Escape(child.RunId)} (depth {child.Depth})[/]");
                break;
        }

        StatusChanged?.Invoke(Status);
    }

    /// <summary>Shows the prose of the command's own run (recursive runs stay in the status counters), and its code with <c>--verbose</c>.</summary>
    public void OnTextDelta(RlmTextDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Depth > 0 || !showReplies)
        {
            return;
        }

        lock (_gate)
        {
            _streamedTurn = delta.Turn;
            foreach (var character in delta.Text)
            {
                if (character == '\n')
                {
                    EndLine();
                }
                else
                {
                    TerminalText.AppendInert(_line, character);
                }
            }

            if (StatusChanged is null && Visible() == true && _written < _line.Length)
            {
                Plain(_line.ToString(_written, _line.Length - _written));
                _written = _line.Length;
            }
        }

        StatusChanged?.Invoke(Status);
    }

    // Whether the line being written is shown: null until it is clear whether it opens or closes a code fence.
    private bool? Visible()
    {
        var text = _line.ToString().TrimStart();
        var fence = text.StartsWith("```", StringComparison.Ordinal) ? true
            : text.Length == 0 || "```".StartsWith(text, StringComparison.Ordinal) ? (bool?)null
            : false;
        return fence is null ? null : verbose || (!_inFence && fence == false);
    }

    private void EndLine()
    {
        var visible = Visible() ?? (!_inFence || verbose);
        if (_line.ToString().TrimStart().StartsWith("```", StringComparison.Ordinal))
        {
            _inFence = !_inFence;
        }

        if (visible)
        {
            var rest = _line.ToString(_written, _line.Length - _written) + "\n";
            if (StatusChanged is null)
            {
                Plain(rest);
            }
            else
            {
                console.Write(new Text(rest));
            }
        }

        _line.Clear();
        _written = 0;
    }

    // A reply's last line has no line end: it ends with the reply.
    private void EndReply()
    {
        if (_line.Length > 0)
        {
            EndLine();
        }

        _inFence = false;
    }

    // The status is one line of the terminal: a long line shows its end, where the text is arriving.
    private string PartialLine(int room)
    {
        lock (_gate)
        {
            return StatusChanged is null || Visible() != true || room < 10 ? ""
                : _line.Length <= room ? _line.ToString()
                : "…" + _line.ToString(_line.Length - room + 1, room - 1);
        }
    }

    private void Plain(string text)
    {
        var writer = console.Profile.Out.Writer;
        writer.Write(text);
        writer.Flush();
    }
}
