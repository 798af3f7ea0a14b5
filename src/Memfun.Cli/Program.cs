using Memfun.Cli;
using Memfun.Cli.Help;
using Memfun.Cli.Infrastructure;

// `--version` is what scripts and shells call most; answering it before the command tree and the
// dependency container are built keeps it near a bare `dotnet` program's start-up time.
if (args is ["--version"])
{
    StandardStreams.Output.WriteLine(MemfunApp.Version);
    return 0;
}

// Help is the other first command people run; it is answered from a written-out copy of the command tree.
if (FastHelp.TryAnswer(args) is { } helpExitCode)
{
    return helpExitCode;
}

// Waited for without an async Main: its state machine would be compiled at every start (issue 20).
return MemfunApp.RunAsync(args).GetAwaiter().GetResult();
