namespace Memfun.Sandbox;

/// <summary>What a command run in the sandbox did.</summary>
/// <param name="ExitCode">The exit code (128 + the signal when a signal ended it; -1 when it was killed at its timeout).</param>
/// <param name="Stdout">Standard output, truncated to the request's limit with a marker.</param>
/// <param name="Stderr">Standard error, truncated likewise.</param>
/// <param name="TimedOut">Whether it was killed at its timeout.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>Gets a value indicating whether the command exited with 0 before its timeout.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
