using Memfun.Agent.Verification;
using Memfun.Cli.Diagnostics;
using Memfun.Hosting.Configuration;

namespace Memfun.Cli.Commands.Setup.Checks;

/// <summary>Shows the command <c>fix</c> runs the project's tests with, and where it came from.</summary>
internal sealed class TestCommandCheck : IDoctorCheck
{
    public string Name => "test command";

    public bool IsRequired => false;

    public ValueTask<DoctorCheckResult> RunAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return ValueTask.FromResult(TestCommand.Find(config.ProjectRoot, config.Project.Test) is { } test
            ? DoctorCheckResult.Ok($"{test.Command} ({test.Source})")
            : DoctorCheckResult.Warning("none found: fix cannot verify its patches with the project's tests",
                "set [project] test = \"...\" in memfun.toml, or add a line `Test: `your command`` to AGENTS.md"));
    }
}
