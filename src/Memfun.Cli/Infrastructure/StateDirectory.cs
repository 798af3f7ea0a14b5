using Memfun.Core.Files;

namespace Memfun.Cli.Infrastructure;

/// <summary>The project's <c>.memfun/</c> folder: database, logs and traces, never committed.</summary>
internal static class StateDirectory
{
    /// <summary>Creates the project's <c>.memfun/</c> folder if needed, with a <c>.gitignore</c> that keeps it out of git.</summary>
    /// <exception cref="Core.Errors.SecurityException">The folder or its <c>.gitignore</c> is a symbolic link (see <see cref="StateFiles"/>).</exception>
    public static void Ensure(string projectRoot)
    {
        var ignore = StateFiles.ThrowIfLinked(projectRoot, Path.Combine(projectRoot, ".memfun", ".gitignore"));
        Directory.CreateDirectory(Path.GetDirectoryName(ignore)!);
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "*\n");
        }
    }
}
