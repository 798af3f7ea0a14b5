using Memfun.Hosting.Agents;
using Memfun.Hosting.Configuration;
using Memfun.Hosting.Tools;
using Memfun.Llm;
using Memfun.Tools.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memfun.Hosting;

/// <summary>The composition root: every Memfun service, built once from the effective configuration.</summary>
public static class MemfunServiceCollectionExtensions
{
    /// <summary>
    /// Registers the configuration, the runtime tier it names, the model clients, the agent runner (sandbox pool,
    /// MCP bridge, traces) and the tool, resource and prompt providers the MCP gateway publishes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="config">The effective configuration.</param>
    /// <param name="environment">The process environment.</param>
    /// <param name="loggerFactory">The logger factory of the host.</param>
    /// <remarks>
    /// Nothing is connected or started by registration: the runtime, the sandbox and the MCP servers open on first use,
    /// so a command resolves only what it needs. Dispose the provider asynchronously to close what was opened.
    /// </remarks>
    public static IServiceCollection AddMemfun(this IServiceCollection services, MemfunConfig config, MemfunHostEnvironment environment, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        services.AddSingleton(config);
        services.AddSingleton(environment);
        services.AddSingleton(loggerFactory);
        services.AddMemfunRuntime(builder => RuntimeTiers.AddTiers(builder).UseConfig(config).UseLoggerFactory(loggerFactory));
        services.AddSingleton(_ => LlmClients.Create(config.Llm, new LlmClientOptions { LoggerFactory = loggerFactory, Environment = environment.Variables }));
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<IToolProvider, BuiltInToolProvider>(_ => new BuiltInToolProvider());
        services.AddSingleton<AgentToolProvider>();
        services.AddSingleton<IToolProvider>(provider => provider.GetRequiredService<AgentToolProvider>());
        services.AddSingleton<SkillToolProvider>();
        services.AddSingleton<IToolProvider>(provider => provider.GetRequiredService<SkillToolProvider>());
        services.AddSingleton<IResourceProvider, ProjectResourceProvider>();
        services.AddSingleton<IResourceProvider, TraceResourceProvider>();
        services.AddSingleton<IPromptProvider, SkillPromptProvider>();
        return services;
    }
}
