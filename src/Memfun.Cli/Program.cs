using Memfun.Cli;

// `--version` is what scripts and shells call most; answering it before the command tree and the
// dependency container are built keeps it near a bare `dotnet` program's start-up time.
if (args is ["--version"])
{
    Console.WriteLine(MemfunApp.Version);
    return 0;
}

return await MemfunApp.RunAsync(args).ConfigureAwait(false);
