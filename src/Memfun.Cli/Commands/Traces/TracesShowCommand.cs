using System.ComponentModel;
using System.Globalization;
using System.Text;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Cli.Infrastructure;
using Memfun.Cli.Rendering;
using Memfun.Core.Errors;
using Memfun.Hosting.Configuration;
using Memfun.Runtime.Errors;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Traces;

/// <summary><c>memfun traces show RUN</c>: one run's turns, code, outputs, sub-calls and cost.</summary>
public sealed class TracesShowCommand(CliEnvironment environment) : LocalCommand<TracesShowCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, Settings settings)
    {
        AgentException? error = null;
        var events = WhileConfigLoads(projectRoot => new TraceStore(MemfunConfig.TracesDirectoryOf(projectRoot)).TryRead(settings.RunId, out var found, out error) ? found : null, out _);
        if (events is null)
        {
            return Fail(error!);
        }

        if (settings.Json)
        {
            WriteJson(events);
            return ExitCodes.Success;
        }

        var text = new StringBuilder();
        foreach (var runEvent in events)
        {
            Append(text, runEvent, Environment.OutputWidth, Environment.OutColors);
        }

        Environment.OutWriter.Write(text.ToString());
        return ExitCodes.Success;
    }

    // One event as plain lines, indented by its depth: headings, and the code and output of a turn in boxes fitted to the
    // width. Everything from the trace is made inert (TerminalText, TextTable) before any colour is added: queries, code,
    // outputs and answers come from models and from the files and programs they read, and may hold escape sequences.
    private static void Append(StringBuilder text, RlmEvent runEvent, int? width, bool colors)
    {
        var indent = new string(' ', runEvent.Depth * 2);
        string Paint(string colour, string line) => colors ? Ansi.Paint(colour, line) : line;
        string Bold(string line) => colors ? Ansi.Bold(line) : line;
        switch (runEvent)
        {
            case RlmRunStarted started:
                Line(text, indent, Bold($"run {Inert(started.RunId)}") + string.Create(CultureInfo.InvariantCulture,
                    $" (depth {started.Depth}, model {Inert(started.Model)}, context {started.ContextChars:N0} chars): ") + Inert(started.Query));
                break;
            case RlmIteration iteration:
                Line(text, indent, Paint(Ansi.Cyan, $"turn {iteration.Index}") + string.Create(CultureInfo.InvariantCulture,
                    $" prompt {iteration.PromptChars:N0} chars, {iteration.InputTokens:N0}+{iteration.OutputTokens:N0} tokens, model {iteration.ModelMs:0} ms, run {iteration.ExecutionMs:0} ms")
                    + (iteration.Error is null ? "" : " " + Paint(Ansi.Red, Inert(iteration.Error))));
                Box(text, indent, "code", iteration.Code.Length == 0 ? "(no code)" : iteration.Code, width);
                Box(text, indent, "output", iteration.Output, width);
                break;
            case RlmSubCall call:
                Line(text, indent, Paint(Ansi.Grey, string.Create(CultureInfo.InvariantCulture,
                    $"  {Inert(call.Kind)}: {call.PromptChars:N0} → {call.ResponseChars:N0} chars, {call.InputTokens + call.OutputTokens:N0} tokens, {call.DurationMs:0} ms{(call.Error is null ? "" : ", " + Inert(call.Error))}")));
                break;
            case RlmRunFinished finished:
                var outcome = finished.Error is not null ? "failed" : finished.Termination == RlmTermination.Extracted ? "limit reached" : "answered";
                Line(text, indent, Bold(outcome) + string.Create(CultureInfo.InvariantCulture,
                    $" after {finished.Iterations} turns, {finished.SubCalls} sub-calls, {finished.Usage.TotalTokens:N0} tokens, {DisplayFormat.Dollars(finished.Usage.CostUsd)}, {finished.ElapsedMs / 1000:0.0} s"));
                Line(text, indent, Inert(finished.Answer ?? finished.Error ?? ""));
                break;
        }
    }

    private static string Inert(string text) => TerminalText.Inert(text);

    // Each line of a text whose parts from the trace are already inert, after the indent.
    private static void Line(StringBuilder text, string indent, string line)
    {
        foreach (var part in line.Split('\n'))
        {
            text.Append(indent).Append(part).Append('\n');
        }
    }

    private static void Box(StringBuilder text, string indent, string title, string content, int? width)
    {
        var box = new TextTable(title).AddRow(content).Render(width is { } columns ? Math.Max(20, columns - indent.Length) : null);
        if (indent.Length == 0)
        {
            text.Append(box);
            return;
        }

        // Split at '\n' alone, the table's line end: EnumerateLines would also split at the Unicode line ends a cell keeps,
        // and its search table's first use costs about 4 ms of a `traces show` (issue 20).
        foreach (var line in box.TrimEnd('\n').Split('\n'))
        {
            text.Append(indent).Append(line).Append('\n');
        }
    }

    /// <summary>Which run.</summary>
    public sealed class Settings : JsonSettings
    {
        /// <summary>Gets or sets the run id.</summary>
        [CommandArgument(0, "[RUN]")]
        [Description("A run id, a unique prefix of one, or 'last' (the default).")]
        public string RunId { get; set; } = "last";
    }
}
