namespace Memfun.Agent.Rlm;

/// <summary>A worked example for the root prompt: a task, the code that solved it and the answer submitted.</summary>
/// <param name="Task">The task.</param>
/// <param name="Code">The code of the successful run's turns, in order.</param>
/// <param name="Answer">The answer it submitted.</param>
public sealed record RlmDemo(string Task, string Code, string Answer);
