namespace Memfun.Cli.Tests;

/// <summary>The pseudo-terminal tests run alone: keys sent to a terminal are timed against a real process, which a busy machine delays.</summary>
[CollectionDefinition(nameof(TerminalCollection), DisableParallelization = true)]
public sealed class TerminalCollection;
