using Spectre.Console.Cli;

namespace Memfun.Cli;

/// <summary>Builds the <c>memfun</c> command tree.</summary>
public static class MemfunApp
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("memfun");
            config.SetApplicationVersion(typeof(MemfunApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        });
        return app.RunAsync(args);
    }
}
