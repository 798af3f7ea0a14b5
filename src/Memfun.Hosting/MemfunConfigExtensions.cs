using Memfun.Hosting.Configuration;
using Memfun.Runtime;
using Memfun.Sandbox;
using Memfun.Tools;

namespace Memfun.Hosting;

/// <summary>Maps the effective configuration onto the settings each layer takes.</summary>
/// <remarks>Layers below the host never see <see cref="MemfunConfig"/>: they take their own section and the project root.</remarks>
public static class MemfunConfigExtensions
{
    /// <summary>Returns the context of the built-in tools for the project.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="allowWrites">Whether write tools may run.</param>
    /// <param name="environment">The environment variables API keys are read from.</param>
    public static ToolContext ToToolContext(this MemfunConfig config, bool allowWrites, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ToolContext
        {
            ProjectRoot = config.ProjectRoot,
            AllowWrites = allowWrites,
            Web = config.Web,
            Environment = environment,
            CacheDirectory = Path.Combine(config.StateDirectory, "cache"),
        };
    }

    /// <summary>Returns the sandbox options of the project (host functions are added per run).</summary>
    /// <param name="config">The configuration.</param>
    public static SandboxOptions ToSandboxOptions(this MemfunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return SandboxFactory.Options(config.Sandbox, config.ProjectRoot);
    }

    /// <summary>Chooses the runtime tier from <c>[backend]</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="config">The configuration.</param>
    public static RuntimeBuilder UseConfig(this RuntimeBuilder builder, MemfunConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.UseSettings(config.Backend, config.ProjectRoot);
    }
}
