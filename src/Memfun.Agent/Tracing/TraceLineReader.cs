using Memfun.Agent.Rlm;
using Memfun.Llm.Usage;

namespace Memfun.Agent.Tracing;

/// <summary>
/// Reads one line of a trace file into its event: the inverse of what <see cref="TraceCollector"/> writes with
/// <see cref="TraceJson.Options"/> (snake_case names, the event's kind in <c>type</c>), read with a
/// <see cref="JsonLineScanner"/>.
/// </summary>
/// <remarks>
/// Not the serializer: its first read builds the events' metadata, whose code over value types (the numbers, times and
/// enums of every property) a ReadyToRun build cannot precompile, some 400 methods compiled at the start of
/// <c>traces list</c> or <c>traces show</c>, about 60 ms, more than the command's whole work (issue 20); nor its reader
/// (see <see cref="JsonLineScanner"/>). Properties are accepted in any order and unknown ones skipped; a missing number
/// or time takes its default, as the serializer gives it, but a line without its required text is not an event.
/// <c>TraceTests</c> writes every kind of event with the serializer and reads it back here.
/// </remarks>
internal static class TraceLineReader
{
    /// <summary>Returns the event <paramref name="line"/> holds, or null for a line that is not one (blank, cut short by a crash, of an unknown kind, without its run or required text).</summary>
    public static RlmEvent? Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            var scanner = new JsonLineScanner(line);
            var fields = ReadObject(ref scanner);
            scanner.ReadEnd();

            // A line without the text an event cannot do without (its run, a turn's code and output...) is not one: a
            // planted or hand-edited trace must not hand the commands that show it a null where text belongs.
            return fields switch
            {
                { RunId: null } => null,
                { Type: "run_started", Query: { } query, Model: { } model } =>
                    new RlmRunStarted(fields.RunId, fields.Depth, fields.At, fields.ParentRunId, query, model, fields.ContextChars),
                { Type: "iteration", Code: { } code, Output: { } output } =>
                    new RlmIteration(fields.RunId, fields.Depth, fields.At, fields.Index, fields.PromptChars, fields.InputTokens, fields.OutputTokens,
                        code, output, fields.Error, fields.ModelMs, fields.ExecutionMs),
                { Type: "sub_call", Kind: { } kind } =>
                    new RlmSubCall(fields.RunId, fields.Depth, fields.At, kind, fields.PromptChars, fields.ResponseChars,
                        fields.InputTokens, fields.OutputTokens, fields.Error, fields.DurationMs),
                { Type: "run_finished", Usage: { } usage } =>
                    new RlmRunFinished(fields.RunId, fields.Depth, fields.At, fields.Answer, fields.Termination, fields.Error,
                        fields.Iterations, fields.SubCalls, usage, fields.ElapsedMs),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Fields ReadObject(ref JsonLineScanner scanner)
    {
        scanner.ReadObjectStart();
        var fields = new Fields();
        while (scanner.TryReadPropertyName(out var name))
        {
            switch (name)
            {
                case "type": fields.Type = scanner.ReadNullableString(); break;
                case "run_id": fields.RunId = scanner.ReadNullableString(); break;
                case "depth": fields.Depth = scanner.ReadInt32(); break;
                case "at": fields.At = scanner.ReadDateTimeOffset(); break;
                case "parent_run_id": fields.ParentRunId = scanner.ReadNullableString(); break;
                case "query": fields.Query = scanner.ReadNullableString(); break;
                case "model": fields.Model = scanner.ReadNullableString(); break;
                case "context_chars": fields.ContextChars = scanner.ReadInt64(); break;
                case "index": fields.Index = scanner.ReadInt32(); break;
                case "prompt_chars": fields.PromptChars = scanner.ReadInt32(); break;
                case "response_chars": fields.ResponseChars = scanner.ReadInt32(); break;
                case "input_tokens": fields.InputTokens = scanner.ReadInt64(); break;
                case "output_tokens": fields.OutputTokens = scanner.ReadInt64(); break;
                case "code": fields.Code = scanner.ReadNullableString(); break;
                case "output": fields.Output = scanner.ReadNullableString(); break;
                case "error": fields.Error = scanner.ReadNullableString(); break;
                case "model_ms": fields.ModelMs = scanner.ReadDouble(); break;
                case "execution_ms": fields.ExecutionMs = scanner.ReadDouble(); break;
                case "kind": fields.Kind = scanner.ReadNullableString(); break;
                case "duration_ms": fields.DurationMs = scanner.ReadDouble(); break;
                case "answer": fields.Answer = scanner.ReadNullableString(); break;
                case "termination": fields.Termination = scanner.TryReadNull() ? null : Termination(scanner.ReadString()); break;
                case "iterations": fields.Iterations = scanner.ReadInt32(); break;
                case "sub_calls": fields.SubCalls = scanner.ReadInt32(); break;
                case "usage": fields.Usage = scanner.TryReadNull() ? null : ReadUsage(ref scanner); break;
                case "elapsed_ms": fields.ElapsedMs = scanner.ReadDouble(); break;
                default: scanner.Skip(); break;
            }
        }

        return fields;
    }

    private static UsageTotals ReadUsage(ref JsonLineScanner scanner)
    {
        scanner.ReadObjectStart();
        int calls = 0, unpriced = 0;
        long input = 0, output = 0, cached = 0;
        decimal cost = 0;
        while (scanner.TryReadPropertyName(out var name))
        {
            switch (name)
            {
                case "calls": calls = scanner.ReadInt32(); break;
                case "input_tokens": input = scanner.ReadInt64(); break;
                case "output_tokens": output = scanner.ReadInt64(); break;
                case "cached_input_tokens": cached = scanner.ReadInt64(); break;
                case "cost_usd": cost = scanner.ReadDecimal(); break;
                case "unpriced_calls": unpriced = scanner.ReadInt32(); break;
                default: scanner.Skip(); break;
            }
        }

        return new UsageTotals(calls, input, output, cached, cost, unpriced);
    }

    // The snake_case names JsonStringEnumConverter gives the members.
    private static RlmTermination Termination(string name) => name switch
    {
        "submitted" => RlmTermination.Submitted,
        "answer_variable" => RlmTermination.AnswerVariable,
        "extracted" => RlmTermination.Extracted,
        _ => throw new FormatException($"unknown termination '{name}'"),
    };

    // Every property any event has; the event's kind says which it uses.
    private sealed class Fields
    {
        public string? Type;
        public string? RunId;
        public int Depth;
        public DateTimeOffset At;
        public string? ParentRunId;
        public string? Query;
        public string? Model;
        public long ContextChars;
        public int Index;
        public int PromptChars;
        public int ResponseChars;
        public long InputTokens;
        public long OutputTokens;
        public string? Code;
        public string? Output;
        public string? Error;
        public double ModelMs;
        public double ExecutionMs;
        public string? Kind;
        public double DurationMs;
        public string? Answer;
        public RlmTermination? Termination;
        public int Iterations;
        public int SubCalls;
        public UsageTotals? Usage;
        public double ElapsedMs;
    }
}
