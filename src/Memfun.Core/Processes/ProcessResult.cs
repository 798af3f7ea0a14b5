namespace Memfun.Core.Processes;

/// <summary>What a finished process printed and returned.</summary>
/// <param name="ExitCode">The exit code (-1 when it was killed at the timeout).</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="TimedOut">Whether it was killed at the timeout.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    /// <summary>Gets a value indicating whether the process exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
