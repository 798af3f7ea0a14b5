namespace Memfun.Agent.Rlm;

/// <summary>A piece of the task's context, bound as a Python string variable in the REPL; only its metadata reaches the prompt.</summary>
/// <param name="Name">The Python variable name.</param>
/// <param name="Value">The content (possibly many megabytes).</param>
/// <param name="Description">What it holds, for the prompt.</param>
public sealed record RlmVariable(string Name, string Value, string Description);
