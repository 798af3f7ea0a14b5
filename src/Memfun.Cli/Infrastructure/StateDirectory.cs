namespace Memfun.Cli.Infrastructure;

/// <summary>The project's <c>.memfun/</c> folder: database, logs and traces, never committed.</summary>
internal static class StateDirectory
{
    /// <summary>Creates the folder if needed, with a <c>.gitignore</c> that keeps it out of git.</summary>
    public static void Ensure(string path)
    {
        Directory.CreateDirectory(path);
        var ignore = Path.Combine(path, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "*\n");
        }
    }
}
