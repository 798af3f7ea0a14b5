namespace Memfun.Sandbox;

/// <summary>What one execution of code in a sandbox produced.</summary>
/// <param name="Stdout">Captured standard output (truncated to the configured limit, with a marker).</param>
/// <param name="Stderr">Captured standard error (truncated likewise).</param>
/// <param name="Error">The uncaught exception, if the code raised one.</param>
/// <param name="Elapsed">Wall-clock time of the execution.</param>
/// <param name="Truncated">Whether stdout or stderr was truncated.</param>
/// <param name="TimedOut">Whether the execution was killed at its timeout (the kernel's variables are then lost).</param>
public sealed record ExecutionResult(
    string Stdout,
    string Stderr,
    ExecutionError? Error,
    TimeSpan Elapsed,
    bool Truncated,
    bool TimedOut)
{
    /// <summary>Gets a value indicating whether the code ran to the end without an exception or timeout.</summary>
    public bool Succeeded => Error is null && !TimedOut;
}
