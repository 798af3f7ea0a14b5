using System.ComponentModel;
using System.Globalization;
using Memfun.Agent.Rlm;
using Memfun.Agent.Tracing;
using Memfun.Cli.Infrastructure;
using Memfun.Core.Errors;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Memfun.Cli.Commands.Traces;

/// <summary><c>memfun traces show RUN</c>: one run's turns, code, outputs, sub-calls and cost.</summary>
public sealed class TracesShowCommand(CliEnvironment environment) : LocalCommand<TracesShowCommand.Settings>(environment)
{
    /// <inheritdoc />
    protected override int Run(CommandContext context, Settings settings)
    {
        var config = LoadConfig();
        if (!new TraceStore(Path.Combine(config.StateDirectory, "traces")).TryRead(settings.RunId, out var events, out var error))
        {
            return Fail(error);
        }

        if (settings.Json)
        {
            WriteJson(events);
            return ExitCodes.Success;
        }

        foreach (var runEvent in events)
        {
            var indent = new string(' ', runEvent.Depth * 2);
            switch (runEvent)
            {
                case RlmRunStarted started:
                    Environment.Out.MarkupLine($"{indent}[bold]run {Markup.Escape(started.RunId)}[/] (depth {started.Depth}, model {Markup.Escape(started.Model)}, context {started.ContextChars:N0} chars): {Markup.Escape(started.Query)}");
                    break;
                case RlmIteration iteration:
                    Environment.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{indent}[cyan]turn {iteration.Index}[/] prompt {iteration.PromptChars:N0} chars, {iteration.InputTokens:N0}+{iteration.OutputTokens:N0} tokens, model {iteration.ModelMs:0} ms, run {iteration.ExecutionMs:0} ms{(iteration.Error is null ? "" : " [red]" + Markup.Escape(iteration.Error) + "[/]")}"));
                    Environment.Out.Write(new Padder(new Panel(new Text(iteration.Code.Length == 0 ? "(no code)" : iteration.Code)) { Header = new PanelHeader("code") }, new Padding(runEvent.Depth * 2, 0, 0, 0)));
                    Environment.Out.Write(new Padder(new Panel(new Text(iteration.Output)) { Header = new PanelHeader("output"), BorderStyle = new Style(Color.Grey) }, new Padding(runEvent.Depth * 2, 0, 0, 0)));
                    break;
                case RlmSubCall call:
                    Environment.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{indent}  [grey]{call.Kind}: {call.PromptChars:N0} → {call.ResponseChars:N0} chars, {call.InputTokens + call.OutputTokens:N0} tokens, {call.DurationMs:0} ms{(call.Error is null ? "" : ", " + Markup.Escape(call.Error))}[/]"));
                    break;
                case RlmRunFinished finished:
                    Environment.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{indent}[bold]{(finished.Error is not null ? "failed" : finished.Termination == RlmTermination.Extracted ? "limit reached" : "answered")}[/] after {finished.Iterations} turns, {finished.SubCalls} sub-calls, {finished.Usage.TotalTokens:N0} tokens, ${finished.Usage.CostUsd:0.####}, {finished.ElapsedMs / 1000:0.0} s"));
                    Environment.Out.WriteLine(finished.Answer ?? finished.Error ?? "");
                    break;
            }
        }

        return ExitCodes.Success;
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
