using Memfun.Runtime;
using Memfun.Runtime.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Memfun runtime in a service collection.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: <c>services.AddMemfunRuntime(b => b.UseSqlite(path))</c>. Resolve
    /// <see cref="MemfunRuntimeProvider"/> and call <c>GetRuntimeAsync</c> to connect.
    /// </summary>
    public static IServiceCollection AddMemfunRuntime(this IServiceCollection services, Action<RuntimeBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new RuntimeBuilder();
        configure?.Invoke(builder);
        services.TryAddSingleton(builder);
        services.TryAddSingleton<MemfunRuntimeProvider>();
        return services;
    }
}
