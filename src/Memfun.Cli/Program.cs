using Memfun.Cli;

return await MemfunApp.RunAsync(args).ConfigureAwait(false);
