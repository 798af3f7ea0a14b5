using System.Diagnostics;
using System.Text;

namespace Memfun.Sandbox.Local;

/// <summary>Builds the command that starts a kernel: inside bubblewrap unless isolation was turned off, with resource limits always.</summary>
internal sealed class KernelLauncher(PythonInstall python, SandboxIsolation isolation, string bubblewrap)
{
    private static readonly string[] MergedUsrLinks = ["/bin", "/lib", "/lib32", "/lib64", "/sbin"];

    public SandboxIsolation Isolation => isolation;

    /// <summary>Builds the start of a kernel that reads large values from <paramref name="values"/> (mounted read-only under bubblewrap).</summary>
    public ProcessStartInfo Build(SandboxOptions options, ValueDrop values)
    {
        var project = Path.GetFullPath(options.ProjectRoot);
        // Root is exempt from RLIMIT_NPROC, so a kernel started by root gives up root first (bubblewrap only:
        // the parent folders it creates keep the project reachable for an unprivileged user).
        var runAsUid = isolation == SandboxIsolation.Bubblewrap && Environment.IsPrivilegedProcess ? KernelScript.UnprivilegedUid : (int?)null;
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            WorkingDirectory = project,
        };
        start.Environment.Clear();
        if (isolation == SandboxIsolation.Bubblewrap)
        {
            start.FileName = bubblewrap;
            foreach (var argument in BubblewrapArguments(options, project, values))
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = python.Executable;
            start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
            start.Environment["HOME"] = Path.GetTempPath();
            start.Environment["LANG"] = "C.UTF-8";
        }

        var valuesInKernel = isolation == SandboxIsolation.Bubblewrap ? ValueDrop.KernelPath : values.HostPath;
        foreach (var argument in KernelScript.Arguments(options, runAsUid, valuesInKernel))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>
    /// Builds the command line of a shell command: inside bubblewrap with only <see cref="CommandRequest.Directory"/>
    /// visible (at its mount path), as an unprivileged user when started by root, under resource limits.
    /// </summary>
    public ProcessStartInfo BuildCommand(CommandRequest request)
    {
        var directory = Path.GetFullPath(request.Directory);
        var mountPath = Path.GetFullPath(request.MountPath ?? directory);
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.Environment.Clear();
        var arguments = new List<string>();
        if (isolation == SandboxIsolation.Bubblewrap)
        {
            start.FileName = bubblewrap;
            arguments.AddRange(SystemArguments(request.AllowNetwork));
            AddParents(arguments, mountPath);
            arguments.AddRange([request.Writable ? "--bind" : "--ro-bind", directory, mountPath]);
            HideStateFolder(arguments, directory, mountPath);
            foreach (var extra in request.ReadOnlyPaths.Select(Path.GetFullPath).Where(p => p != mountPath))
            {
                AddParents(arguments, extra);
                arguments.AddRange(["--ro-bind", extra, extra]);
            }

            arguments.AddRange(["--chdir", mountPath, .. EnvironmentArguments]);
            if (Environment.IsPrivilegedProcess)
            {
                // Root is exempt from RLIMIT_NPROC and owns everything: the command runs as "nobody", which owns the workspace.
                var uid = KernelScript.UnprivilegedUid.ToString(System.Globalization.CultureInfo.InvariantCulture);
                arguments.AddRange(["setpriv", "--reuid", uid, "--regid", uid, "--clear-groups", "--no-new-privs"]);
            }

            arguments.Add("prlimit");
        }
        else
        {
            start.FileName = "prlimit";
            foreach (var (name, value) in Variables)
            {
                start.Environment[name] = value;
            }
        }

        arguments.AddRange(
        [
            $"--as={(long)request.MemoryMb * 1024 * 1024}", $"--nproc={request.MaxProcesses}", $"--cpu={request.CpuSeconds}",
            "--", "/bin/sh", "-c", request.Command,
        ]);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    // No bytecode caches: Python validates a .pyc by the source's size and mtime in whole seconds, so a test run right
    // after a same-size edit made within the same second would run the old code.
    private static readonly (string Name, string Value)[] Variables = [("PATH", "/usr/local/bin:/usr/bin:/bin"), ("HOME", "/tmp"), ("LANG", "C.UTF-8"), ("PYTHONDONTWRITEBYTECODE", "1")];

    private static IEnumerable<string> EnvironmentArguments =>
        ["--clearenv", .. Variables.SelectMany(v => (string[])["--setenv", v.Name, v.Value])];

    private List<string> BubblewrapArguments(SandboxOptions options, string project, ValueDrop values)
    {
        var arguments = SystemArguments(options.AllowNetwork);
        arguments.AddRange(["--ro-bind", values.HostPath, ValueDrop.KernelPath]);
        AddParents(arguments, project);
        arguments.AddRange([options.AllowWrites ? "--bind" : "--ro-bind", project, project]);
        HideStateFolder(arguments, project, project);
        arguments.AddRange(["--chdir", project, .. EnvironmentArguments]);
        arguments.Add(python.Executable);
        return arguments;
    }

    /// <summary>The namespaces and the read-only system (programs, libraries, the interpreter) every sandboxed process gets.</summary>
    private List<string> SystemArguments(bool allowNetwork)
    {
        var arguments = new List<string>
        {
            "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--ro-bind", "/usr", "/usr",
        };
        if (!allowNetwork)
        {
            arguments.Add("--unshare-net");
        }

        foreach (var link in MergedUsrLinks)
        {
            var info = new FileInfo(link);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, link]);
            }
            else if (Directory.Exists(link))
            {
                arguments.AddRange(["--ro-bind", link, link]);
            }
        }

        foreach (var file in new[] { "/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives" })
        {
            arguments.AddRange(["--ro-bind-try", file, file]);
        }

        if (!python.Prefix.StartsWith("/usr/", StringComparison.Ordinal) && python.Prefix != "/usr")
        {
            AddParents(arguments, python.Prefix);
            arguments.AddRange(["--ro-bind", python.Prefix, python.Prefix]);
        }

        arguments.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
        return arguments;
    }

    /// <summary>Mounts something empty over the <c>.memfun/</c> folder of <paramref name="directory"/>, seen at <paramref name="mountPath"/>.</summary>
    private static void HideStateFolder(List<string> arguments, string directory, string mountPath)
    {
        if (StateFolder.Prepare(directory) is (string state, bool isFolder))
        {
            var seenAt = Path.Combine(mountPath, Path.GetRelativePath(directory, state));
            arguments.AddRange(isFolder ? (string[])["--tmpfs", seenAt] : ["--ro-bind", "/dev/null", seenAt]);
        }
    }

    /// <summary>
    /// Creates a bind target's missing parents as 0755: bubblewrap would make them 0700, which an unprivileged
    /// kernel could not traverse (for example /root above a pyenv Python). Parents inside /usr exist already.
    /// </summary>
    private static void AddParents(List<string> arguments, string path)
    {
        var parents = new List<string>();
        for (var parent = Path.GetDirectoryName(path); parent is not null && parent != "/"; parent = Path.GetDirectoryName(parent))
        {
            parents.Add(parent);
        }

        parents.Reverse();
        foreach (var parent in parents.Where(p => p != "/usr" && !p.StartsWith("/usr/", StringComparison.Ordinal) && p != "/tmp"))
        {
            arguments.AddRange(["--perms", "0755", "--dir", parent]);
        }
    }
}
