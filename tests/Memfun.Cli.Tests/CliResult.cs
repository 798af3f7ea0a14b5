namespace Memfun.Cli.Tests;

/// <summary>What one run of the command printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
