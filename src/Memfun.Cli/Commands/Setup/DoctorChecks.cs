using Memfun.Cli.Commands.Setup.Checks;
using Memfun.Cli.Diagnostics;
using Memfun.Cli.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Memfun.Cli.Commands.Setup;

/// <summary>Registers the machine-level checks of <c>memfun doctor</c>; other areas add their own <see cref="IDoctorCheck"/>s.</summary>
public static class DoctorChecks
{
    /// <summary>Adds the built-in checks.</summary>
    public static IServiceCollection AddBuiltInChecks(IServiceCollection services, CliEnvironment environment)
    {
        foreach (var check in BuiltIn(environment))
        {
            services.AddSingleton(check);
        }

        return services;
    }

    /// <summary>Returns the built-in checks, in the order doctor reports them.</summary>
    public static IReadOnlyList<IDoctorCheck> BuiltIn(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return
        [
            new DotnetCheck(),
            new ToolCheck("python3 (REPL kernel)", "python3", "--version", isRequired: true, "install Python 3.10+ (`apt-get install python3`)"),
            new ToolCheck("git", "git", "--version", isRequired: true, "install git (`apt-get install git`)"),
            new ToolCheck("ripgrep (search)", "rg", "--version", isRequired: true, "install ripgrep (`apt-get install ripgrep`)"),
            new ToolCheck("universal-ctags (repo map)", "ctags", "--version", isRequired: false, "install universal-ctags (`apt-get install universal-ctags`)", mustContain: "Universal Ctags"),
            new ToolCheck("ast-grep (structural search)", "ast-grep", "--version", isRequired: false, "install ast-grep (`npm i -g @ast-grep/cli`)"),
            new BubblewrapCheck(),
            new DockerCheck(),
            new BackendCheck(),
            new TestCommandCheck(),
            new ProjectTrustCheck(),
            new LlmEndpointCheck(environment.Variables),
            new CostBudgetCheck(),
        ];
    }
}
