using System.Globalization;
using System.Text;
using Memfun.Sandbox;

namespace Memfun.Agent.Rlm;

/// <summary>The texts the root model reads: the system prompt with context metadata, execution feedback, the extract step.</summary>
/// <remarks>
/// The prompt describes each context variable by type, size and a fixed-length preview, never by its content:
/// that keeps the root prompt the same size whether the context is a kilobyte or a gigabyte. Previews, output and
/// code are put in the prompt verbatim (never JSON-escaped), so the model reads exactly the characters of the source.
/// </remarks>
internal static class RlmPrompts
{
    public const string NoCodeFeedback =
        "Your reply had no ```python code block, so nothing ran. Write code to make progress, or call SUBMIT(answer) in a code block to finish.";

    public const string ExtractInstruction =
        "You have reached the iteration limit. From everything above, give your best final answer now, as plain Markdown text without code blocks to run.";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string System(RlmRequest request, RlmOptions options, int depth, IEnumerable<RlmTool> tools)
    {
        var text = new StringBuilder();
        text.Append("You are Memfun, a coding agent that works by writing Python code. You have a persistent Python 3 REPL ")
            .Append("(standard library only, no network; variables persist between turns) where the task's context is already loaded ")
            .Append("as variables. The context can be far larger than you can read at once, so never print it whole: inspect it with ")
            .Append("code (slicing, searching, counting), keep findings in variables, and hand pieces to sub-models.\n\n");

        text.Append("## Context variables\n");
        if (request.Variables.Count == 0)
        {
            text.Append("(none)\n");
        }

        foreach (var variable in request.Variables)
        {
            text.Append(Invariant, $"- `{variable.Name}` (str, {variable.Value.Length:N0} chars, {LineCount(variable.Value):N0} lines): {variable.Description}\n");
            AppendPreview(text, variable.Value, options.PreviewChars);
        }

        text.Append("\n## Functions in the REPL\n");
        foreach (var tool in tools)
        {
            text.Append("- ").Append(tool.Usage).Append('\n');
        }

        text.Append(Invariant, $"""

            ## How to work
            - Reply with your reasoning and one ```python code block; it runs in the REPL and you see what it printed (cut at {options.OutputCharsInPrompt:N0} characters) in the next turn.
            - Print summaries, counts and short excerpts, not whole files: large values belong in variables.
            - Use llm_query / llm_query_batched to read or summarise pieces too large to print; batch independent questions.
            - When you are confident, call SUBMIT(answer) with the complete final answer in Markdown; cite files as path:line.
            - Limits: {options.MaxIterations} turns, {options.MaxSubCalls} sub-calls in total, recursion depth {options.MaxDepth} (this run is at depth {depth}).
            """);
        AppendProgram(text, options.Program);
        if (request.Guidance.Length > 0)
        {
            text.Append("\n\n## This task\n").Append(request.Guidance.Trim());
        }

        return text.ToString();
    }

    /// <summary>The optimized strategy and worked examples, verbatim; the code is fenced so it reaches the model byte for byte.</summary>
    private static void AppendProgram(StringBuilder text, RlmPromptProgram program)
    {
        if (program.Instructions.Trim().Length > 0)
        {
            text.Append("\n\n## Strategy\n").Append(program.Instructions.Trim());
        }

        if (program.Demos.Count == 0)
        {
            return;
        }

        text.Append("\n\n## Worked examples\nEarlier tasks solved this way (their context was different from yours):\n");
        foreach (var demo in program.Demos)
        {
            var fence = new string('`', Math.Max(3, LongestRun(demo.Code, '`') + 1));
            text.Append("\nTask: ").Append(demo.Task.Trim()).Append('\n')
                .Append(fence).Append("python\n").Append(demo.Code.Trim()).Append('\n').Append(fence).Append('\n')
                .Append("Answer: ").Append(demo.Answer.Trim()).Append('\n');
        }
    }

    public static string Task(RlmRequest request) =>
        $"Task: {request.Query}\n\nStart by looking at the context variables with code.";

    public static string Feedback(ExecutionResult result, int iteration, int maxIterations, int outputLimit)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"Output of your code (turn {iteration} of {maxIterations}):\n");
        if (result.Stdout.Length > 0)
        {
            text.Append(result.Stdout.TrimEnd()).Append('\n');
        }

        if (result.Stderr.Length > 0)
        {
            text.Append("[stderr]\n").Append(result.Stderr.TrimEnd()).Append('\n');
        }

        if (result.TimedOut)
        {
            text.Append("[timed out: the REPL was restarted and every variable is lost; work in smaller steps]\n");
        }
        else if (result.Error is { } error)
        {
            text.Append("[error] ").Append(error.Type).Append(": ").Append(error.Message).Append('\n')
                .Append(LastLines(error.Traceback, 6)).Append('\n');
        }

        if (result.Stdout.Length == 0 && result.Stderr.Length == 0 && result.Error is null && !result.TimedOut)
        {
            text.Append("(no output)\n");
        }

        return Truncate(text.ToString(), outputLimit);
    }

    public static string Truncate(string text, int limit) =>
        text.Length <= limit ? text
        : string.Concat(text.AsSpan(0, limit), string.Create(Invariant, $"\n[... output cut: {text.Length:N0} characters in all; keep large results in variables and print less]"));

    /// <summary>Appends the start of a value verbatim in a fenced block, so code reaches the model byte for byte (no escaping).</summary>
    private static void AppendPreview(StringBuilder text, string value, int chars)
    {
        var head = value.Length <= chars ? value : value[..chars];
        var fence = new string('`', Math.Max(3, LongestRun(head, '`') + 1));
        text.Append(Invariant, $"  starts with{(head.Length < value.Length ? $" (first {head.Length:N0} chars)" : "")}:\n")
            .Append(fence).Append('\n').Append(head);
        if (!head.EndsWith('\n'))
        {
            text.Append('\n');
        }

        text.Append(fence).Append('\n');
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static int LineCount(string value) => value.Length == 0 ? 0 : value.AsSpan().Count('\n') + (value.EndsWith('\n') ? 0 : 1);

    private static string LastLines(string text, int count) => string.Join('\n', text.TrimEnd().Split('\n').TakeLast(count));
}
