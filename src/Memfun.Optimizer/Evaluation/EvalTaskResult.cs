namespace Memfun.Optimizer.Evaluation;

/// <summary>One task's result: the agent's run beside the no-REPL baseline's.</summary>
/// <param name="Task">The task.</param>
/// <param name="Rlm">The agent's outcome.</param>
/// <param name="Baseline">The baseline's outcome, when it was run.</param>
public sealed record EvalTaskResult(EvalTask Task, EvalOutcome Rlm, EvalOutcome? Baseline);
