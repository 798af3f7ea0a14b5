using System.Text.Json;
using System.Text.Json.Nodes;
using Memfun.Agent.Rlm;

namespace Memfun.Cli.Commands.Agent;

/// <summary>
/// <c>--output-format stream-json</c>: writes one JSON object per line on standard output as the run goes, and flushes
/// each, so a script can act on it line by line. Every object has a <c>type</c>; docs/cli.md lists the types and fields.
/// </summary>
/// <remarks>Thread-safe: sub-calls of a batch and recursive runs report from several threads at once.</remarks>
internal sealed class StreamJsonWriter(TextWriter output) : IRlmObserver
{
    private readonly Lock _gate = new();

    public void OnEvent(RlmEvent runEvent)
    {
        switch (runEvent)
        {
            case RlmRunStarted started:
                Write("run_started", started, new() { ["parent_run_id"] = started.ParentRunId, ["model"] = started.Model, ["query"] = started.Query, ["context_chars"] = started.ContextChars });
                break;
            case RlmIteration turn:
                Write("turn", turn, new() { ["index"] = turn.Index, ["prompt_chars"] = turn.PromptChars, ["input_tokens"] = turn.InputTokens, ["output_tokens"] = turn.OutputTokens, ["model_ms"] = Math.Round(turn.ModelMs) });
                Write("code", turn, new() { ["index"] = turn.Index, ["code"] = turn.Code });
                Write("output", turn, new() { ["index"] = turn.Index, ["output"] = turn.Output, ["error"] = turn.Error, ["execution_ms"] = Math.Round(turn.ExecutionMs) });
                break;
            case RlmSubCall call:
                Write("sub_call", call, new() { ["kind"] = call.Kind, ["input_tokens"] = call.InputTokens, ["output_tokens"] = call.OutputTokens, ["duration_ms"] = Math.Round(call.DurationMs), ["error"] = call.Error });
                break;
            case RlmRunFinished { Depth: > 0 } child:
                Write("run_finished", child, new() { ["iterations"] = child.Iterations, ["sub_calls"] = child.SubCalls, ["error"] = child.Error });
                break;
        }
    }

    /// <summary>Writes a <c>text_delta</c>: a piece of a model reply, as it arrives.</summary>
    public void OnTextDelta(RlmTextDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        Write("text_delta", new JsonObject { ["run_id"] = delta.RunId, ["depth"] = delta.Depth, ["turn"] = delta.Turn, ["text"] = delta.Text });
    }

    /// <summary>Writes an event that is not an RLM event (<c>edit_staged</c>, <c>answer</c>, <c>usage</c>, <c>error</c>).</summary>
    public void Write(string type, JsonObject fields)
    {
        var text = MoveInto(new JsonObject { ["type"] = type }, fields).ToJsonString(Compact);
        lock (_gate)
        {
            output.Write(text + "\n");
            output.Flush();
        }
    }

    private void Write(string type, RlmEvent runEvent, JsonObject fields)
    {
        Write(type, MoveInto(new JsonObject { ["run_id"] = runEvent.RunId, ["depth"] = runEvent.Depth, ["at"] = runEvent.At }, fields));
    }

    // A JsonNode has one parent: fields move from one object to the other, after the ones already there.
    private static JsonObject MoveInto(JsonObject target, JsonObject fields)
    {
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            target[name] = value;
        }

        return target;
    }

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
}
