using Memfun.Hosting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memfun.Hosting;

/// <summary>The services of one process (a command, an MCP server, a worker), built by <see cref="MemfunServiceCollectionExtensions.AddMemfun"/>.</summary>
/// <remarks>Disposing the host closes whatever was opened: the sandbox's kernels, MCP servers, the runtime connection.</remarks>
public sealed class MemfunHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private MemfunHost(ServiceProvider provider) => _provider = provider;

    /// <summary>Gets the services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Builds the services of <paramref name="config"/>; nothing is opened until it is first used.</summary>
    /// <param name="config">The effective configuration.</param>
    /// <param name="environment">The process environment.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    public static MemfunHost Create(MemfunConfig config, MemfunHostEnvironment environment, ILoggerFactory loggerFactory) =>
        new(new ServiceCollection().AddMemfun(config, environment, loggerFactory).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

    /// <summary>Resolves a required service.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
