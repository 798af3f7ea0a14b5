using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Memfun.Optimizer.Evaluation;

/// <summary>What a scorer compares an answer with: the task's expected answer or files, and the edits the run staged.</summary>
public sealed class EvalExpectation : EvaluationContext
{
    /// <summary>The context's name in an evaluator's additional context.</summary>
    public const string ContextName = "memfun expectation";

    /// <summary>Creates the expectation of <paramref name="task"/> with the run's staged files.</summary>
    public EvalExpectation(EvalTask task, IReadOnlyDictionary<string, string> staged)
        : base(ContextName, new TextContent(task?.Expected ?? ""))
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(staged);
        Task = task;
        Staged = staged;
    }

    /// <summary>Gets the task.</summary>
    public EvalTask Task { get; }

    /// <summary>Gets the files the run staged (path, new content).</summary>
    public IReadOnlyDictionary<string, string> Staged { get; }
}
