using Memfun.Cli.Commands.Setup.Checks;
using Memfun.Cli.Diagnostics;
using Memfun.Cli.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Memfun.Cli.Commands.Setup;

/// <summary>Registers the machine-level checks of <c>memfun doctor</c>; other areas add their own <see cref="IDoctorCheck"/>s.</summary>
public static class DoctorChecks
{
    /// <summary>Adds the built-in checks.</summary>
    public static IServiceCollection AddBuiltInChecks(IServiceCollection services)
    {
        services.AddSingleton<IDoctorCheck, DotnetCheck>();
        services.AddSingleton<IDoctorCheck>(new ToolCheck("python3 (REPL kernel)", "python3", "--version", isRequired: true, "install Python 3.10+ (`apt-get install python3`)"));
        services.AddSingleton<IDoctorCheck>(new ToolCheck("git", "git", "--version", isRequired: true, "install git (`apt-get install git`)"));
        services.AddSingleton<IDoctorCheck>(new ToolCheck("ripgrep (search)", "rg", "--version", isRequired: true, "install ripgrep (`apt-get install ripgrep`)"));
        services.AddSingleton<IDoctorCheck>(new ToolCheck("universal-ctags (repo map)", "ctags", "--version", isRequired: false, "install universal-ctags (`apt-get install universal-ctags`)", mustContain: "Universal Ctags"));
        services.AddSingleton<IDoctorCheck>(new ToolCheck("ast-grep (structural search)", "ast-grep", "--version", isRequired: false, "install ast-grep (`npm i -g @ast-grep/cli`)"));
        services.AddSingleton<IDoctorCheck, BubblewrapCheck>();
        services.AddSingleton<IDoctorCheck, DockerCheck>();
        services.AddSingleton<IDoctorCheck, BackendCheck>();
        services.AddSingleton<IDoctorCheck, TestCommandCheck>();
        services.AddSingleton<IDoctorCheck>(provider => new LlmEndpointCheck(provider.GetRequiredService<CliEnvironment>().Variables));
        return services;
    }
}
