using System.Globalization;
using Memfun.Agent.Rlm;
using Memfun.Llm.Usage;
using Spectre.Console;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// Shows a run's progress on standard error: a live status line (turn, sub-calls, tokens, cost) and, with
/// <c>--verbose</c>, each turn's code and output.
/// </summary>
internal sealed class ProgressObserver(IAnsiConsole console, UsageLedger ledger, int maxIterations, bool verbose) : IRlmObserver
{
    private int _iteration;
    private int _subCalls;

    public Action<string>? StatusChanged { get; set; }

    public string Status
    {
        get
        {
            var usage = ledger.Total;
            return string.Create(CultureInfo.InvariantCulture,
                $"turn {Volatile.Read(ref _iteration)}/{maxIterations} · {Volatile.Read(ref _subCalls)} sub-calls · {usage.TotalTokens:N0} tokens · ${usage.CostUsd:0.####}");
        }
    }

    public void OnEvent(RlmEvent runEvent)
    {
        switch (runEvent)
        {
            case RlmIteration { Depth: 0 } iteration:
                Interlocked.Exchange(ref _iteration, iteration.Index);
                if (verbose)
                {
                    console.Write(new Panel(new Text(iteration.Code.Length == 0 ? "(no code)" : iteration.Code)) { Header = new PanelHeader($"turn {iteration.Index}: code") });
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
}
