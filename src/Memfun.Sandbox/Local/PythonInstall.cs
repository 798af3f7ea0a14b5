using System.Text.Json;
using Memfun.Core.Errors;
using Memfun.Core.Processes;

namespace Memfun.Sandbox.Local;

/// <summary>The real Python interpreter (not a pyenv shim) and the prefix it needs, found once.</summary>
internal sealed record PythonInstall(string Executable, string Prefix)
{
    public static async Task<PythonInstall> FindAsync(CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.TryRunAsync("python3", ["-I", "-c", "import json, os, sys; print(json.dumps([os.path.realpath(sys.executable), sys.base_prefix, sys.version_info[:2]]))"], timeout: TimeSpan.FromSeconds(20), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result is not { Succeeded: true })
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, "python3 is needed to run the REPL kernel, and it could not be started.")
            {
                Hint = "Install Python 3.10 or newer (`apt-get install python3`); `memfun doctor` checks it.",
            };
        }

        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        var version = (root[2][0].GetInt32(), root[2][1].GetInt32());
        if (version.CompareTo((3, 10)) < 0)
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The REPL kernel needs Python 3.10 or newer; python3 is {version.Item1}.{version.Item2}.");
        }

        return new PythonInstall(root[0].GetString()!, root[1].GetString()!);
    }
}
