using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>
/// Says whether the project's <c>memfun.toml</c> sets keys that need trust (<see cref="ConfigKey.RequiresTrust"/>, or
/// limits it loosens), and whether they are used: a cloned file's MCP servers, endpoint, sandbox settings or looser
/// budgets are ignored until it is trusted.
/// </summary>
internal sealed class ProjectTrustCheck : IDoctorCheck
{
    public string Name => "project memfun.toml";

    public bool IsRequired => false;

    public ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ProjectFile is null)
        {
            return ValueTask.FromResult(DoctorCheckResult.Ok("none: the user's settings and the defaults apply"));
        }

        if (config.UntrustedSettings.Count > 0)
        {
            var keys = string.Join(", ", config.UntrustedSettings.Select(e => e.Key));
            return ValueTask.FromResult(DoctorCheckResult.Warning(
                $"not trusted: {config.UntrustedSettings.Count} setting(s) ignored ({keys})",
                "review memfun.toml, then run `memfun config trust` (see docs/configuration.md#project-trust)"));
        }

        return ValueTask.FromResult(DoctorCheckResult.Ok(config.TrustedSettings.Count > 0
            ? $"trusted: its {config.TrustedSettings.Count} setting(s) that need trust are used"
            : "sets nothing that needs trust"));
    }
}
