using Memfun.Agent.Rlm;

namespace Memfun.Optimizer.Evaluation;

/// <summary>One evaluation task: a question over a context (REPL variables or a generated repository) and how to score the answer.</summary>
public sealed record EvalTask
{
    /// <summary>Gets the task's id, unique in its suite.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the suite the task belongs to.</summary>
    public required string Suite { get; init; }

    /// <summary>Gets the task as the agent reads it.</summary>
    public required string Query { get; init; }

    /// <summary>Gets the name of the scorer (<see cref="EvalScorers"/>).</summary>
    public required string Scorer { get; init; }

    /// <summary>Gets what a good answer looks like, appended to the system prompt.</summary>
    public string Guidance { get; init; } = "";

    /// <summary>Gets the context bound in the REPL as variables.</summary>
    public IReadOnlyList<RlmVariable> Variables { get; init; } = [];

    /// <summary>Gets the files of the project the task runs in (path relative to the project, content); empty: an empty project.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the expected answer (<c>exact</c>, <c>number</c>, <c>contains</c>).</summary>
    public string Expected { get; init; } = "";

    /// <summary>Gets the files as they must read after the fix (<c>diff</c>): the staged edits must produce exactly these.</summary>
    public IReadOnlyDictionary<string, string> ExpectedFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets whether the edit tools are offered (edits are staged for scoring, never written).</summary>
    public bool Editing { get; init; }

    /// <summary>Gets the size of the context: the variables' and files' characters.</summary>
    public long ContextChars => Variables.Sum(v => (long)v.Value.Length) + Files.Values.Sum(f => (long)f.Length);
}
