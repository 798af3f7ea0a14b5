using Memfun.Core.Errors;
using Memfun.Core.Files;

namespace Memfun.Sandbox;

/// <summary>
/// The project's <c>.memfun/</c> folder (traces and prompts of earlier runs, the SQLite database, logs), which
/// sandboxed code must not read: every host mounts something empty over it.
/// </summary>
internal static class StateFolder
{
    /// <summary>The folder's name inside the project.</summary>
    public const string Name = ".memfun";

    /// <summary>
    /// Returns the real path to hide and whether it is a folder. A missing folder is created first, so nothing
    /// memfun writes there later shows through the project's mount. Null when it resolves outside the project
    /// (a link to elsewhere), where the sandbox cannot see it anyway.
    /// </summary>
    public static (string Path, bool IsFolder)? Prepare(string project)
    {
        string path;
        try
        {
            path = new ProjectPaths(project).Resolve(Name);
        }
        catch (SecurityException)
        {
            return null;
        }

        if (File.Exists(path))
        {
            return (path, false);
        }

        Directory.CreateDirectory(path);
        return (path, true);
    }
}
