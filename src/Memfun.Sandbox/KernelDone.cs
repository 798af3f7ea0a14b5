namespace Memfun.Sandbox;

/// <summary>A validated <c>done</c> message: what one request produced.</summary>
internal sealed record KernelDone(string Stdout, string Stderr, ExecutionError? Error, bool Truncated, double ElapsedMs);
