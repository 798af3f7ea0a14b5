using System.Text.RegularExpressions;

namespace Memfun.Testing.Llm;

/// <summary>
/// A scripted model's skill: the REPL code that correctly solves a task of the built-in eval suites (counting and
/// comparing labels, finding a planted constant, fixing a planted bug), chosen from the task's text. The code runs in
/// the real sandbox over the real context, so a right answer is computed, not copied.
/// </summary>
public static partial class TaskSolver
{
    /// <summary>Wraps code in the fenced block the agent runs.</summary>
    public static string Fence(string code) => $"```python\n{code}\n```";

    /// <summary>Returns the task of an agent request (the text after <c>Task: </c> in its first user message).</summary>
    public static string TaskOf(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.MessageTexts.FirstOrDefault(t => t.StartsWith("Task: ", StringComparison.Ordinal)) ?? "";
        return text.Length == 0 ? "" : text["Task: ".Length..].Split('\n')[0];
    }

    /// <summary>Returns whether a request is an agent turn (its system prompt is the RLM's).</summary>
    public static bool IsAgentTurn(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.MessageTexts.Count > 0 && request.MessageTexts[0].StartsWith("You are Memfun", StringComparison.Ordinal);
    }

    /// <summary>Returns the code that solves <paramref name="task"/> and submits the answer, or code that submits a wrong one when the task is unknown.</summary>
    public static string Solve(string task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (CountRegex().Match(task) is { Success: true } count)
        {
            return Fence($"SUBMIT(str(context.count('(label: {count.Groups[1].Value})')))");
        }

        if (CompareRegex().Match(task) is { Success: true } compare)
        {
            var (a, b) = (compare.Groups[1].Value, compare.Groups[2].Value);
            return Fence($"a = context.count('(label: {a})')\nb = context.count('(label: {b})')\nSUBMIT('{a}' if a > b else '{b}')");
        }

        if (NeedleRegex().Match(task) is { Success: true } needle)
        {
            return Fence($"hits = search('{needle.Groups[1].Value} = ')\nSUBMIT(hits[0].split('\"')[1])");
        }

        if (FixRegex().Match(task) is { Success: true } fix)
        {
            var module = fix.Groups[1].Value;
            return Fence($$"""
                src = read_file('{{module}}')
                for old, new in [('range(1, n))', 'range(1, n + 1))'), ('min(items)', 'max(items)'), ('b - a', 'a - b'), ('price * rate', 'price * (1 - rate)')]:
                    if old in src:
                        edit_file('{{module}}', old, new)
                        break
                SUBMIT('fixed {{module}}')
                """);
        }

        return Wrong;
    }

    /// <summary>Gets code that submits an answer no task expects.</summary>
    public static string Wrong => Fence("SUBMIT('I could not tell')");

    [GeneratedRegex(@"have the label '(\w+)'")]
    private static partial Regex CountRegex();

    [GeneratedRegex(@"more records of `context`: '(\w+)' or '(\w+)'")]
    private static partial Regex CompareRegex();

    [GeneratedRegex(@"the constant (\w+) defined")]
    private static partial Regex NeedleRegex();

    [GeneratedRegex(@"Find the bug in (\S+\.py)")]
    private static partial Regex FixRegex();
}
