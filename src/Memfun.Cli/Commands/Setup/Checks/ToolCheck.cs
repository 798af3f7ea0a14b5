using Memfun.Cli.Diagnostics;
using Memfun.Core.Processes;
using Memfun.Hosting.Configuration;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>Checks that an external program is installed, by running it with a version flag.</summary>
internal sealed class ToolCheck(string name, string command, string versionArgument, bool isRequired, string fix, string? mustContain = null) : IDoctorCheck
{
    public string Name => name;

    public bool IsRequired => isRequired;

    public async ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.TryRunAsync(command, [versionArgument], timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return DoctorCheckResult.Missing($"`{command}` is not installed", fix);
        }

        var output = (result.Stdout + result.Stderr).Trim();
        var firstLine = output.Split('\n')[0].Trim();
        if (!result.Succeeded || (mustContain is not null && !output.Contains(mustContain, StringComparison.OrdinalIgnoreCase)))
        {
            return DoctorCheckResult.Missing($"`{command} {versionArgument}` answered: {firstLine}", fix);
        }

        return DoctorCheckResult.Ok(firstLine);
    }
}
