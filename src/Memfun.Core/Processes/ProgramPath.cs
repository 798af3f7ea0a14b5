using System.ComponentModel;
using System.Diagnostics;

namespace Memfun.Core.Processes;

/// <summary>Finds the programs memfun starts (git, rg, python3, bwrap...) in the folders of <c>PATH</c>, and nowhere else.</summary>
/// <remarks>
/// Security: given a bare name, .NET's <see cref="Process"/> tries the application's folder and then the current
/// directory before <c>PATH</c>. Memfun runs in the project, so a repository could plant an executable named
/// <c>git</c> or <c>bwrap</c> at its root and have it run on the host, outside the sandbox, by any command. Every
/// process memfun starts is resolved here first, and a relative or empty <c>PATH</c> entry (which a shell reads as
/// the current directory) is skipped for the same reason, as Go's <c>exec.LookPath</c> refuses it.
/// </remarks>
public static class ProgramPath
{
    private const int NoSuchFile = 2; // ENOENT, what Process.Start reports for a program it cannot find

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Returns the full path of <paramref name="program"/> on this process's <c>PATH</c>, or null.</summary>
    /// <param name="program">A bare name, looked up on <c>PATH</c>; or a path (it has a '/'), used as given.</param>
    public static string? Find(string program) => Find(program, Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Returns the full path of <paramref name="program"/> in the folders of <paramref name="searchPath"/>, or null.</summary>
    /// <param name="program">A bare name, looked up in <paramref name="searchPath"/>; or a path (it has a '/'), used as given.</param>
    /// <param name="searchPath">A <c>PATH</c> value: absolute folders separated by ':'; other entries are skipped.</param>
    public static string? Find(string program, string? searchPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            // Named explicitly (configuration or memfun's own code), so the caller chose where it is.
            var path = Path.GetFullPath(program);
            return IsExecutableFile(path) ? path : null;
        }

        foreach (var folder in (searchPath ?? string.Empty).Split(Path.PathSeparator))
        {
            if (!Path.IsPathFullyQualified(folder))
            {
                continue;
            }

            var candidate = Path.Join(folder, program);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts <paramref name="process"/> with its program resolved by <see cref="Find(string)"/>.</summary>
    /// <exception cref="Win32Exception">The program is not on <c>PATH</c>, as <see cref="Process.Start()"/> reports a missing program.</exception>
    public static void Start(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var start = process.StartInfo;
        start.FileName = Find(start.FileName) ?? throw new Win32Exception(NoSuchFile, $"{start.FileName} was not found on PATH");
        process.Start();
    }

    // A file (a link is followed) that someone may execute, as a shell's lookup requires.
    private static bool IsExecutableFile(string path)
    {
        try
        {
            return File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
