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

    private List<string> BubblewrapArguments(SandboxOptions options, string project, ValueDrop values)
    {
        var arguments = new List<string>
        {
            "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--ro-bind", "/usr", "/usr",
        };
        if (!options.AllowNetwork)
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

        arguments.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", values.HostPath, ValueDrop.KernelPath]);
        AddParents(arguments, project);
        arguments.AddRange([options.AllowWrites ? "--bind" : "--ro-bind", project, project]);
        if (StateFolder.Prepare(project) is (string state, bool isFolder))
        {
            arguments.AddRange(isFolder ? (string[])["--tmpfs", state] : ["--ro-bind", "/dev/null", state]);
        }

        arguments.AddRange(["--chdir", project]);
        arguments.AddRange(["--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8"]);
        arguments.Add(python.Executable);
        return arguments;
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
