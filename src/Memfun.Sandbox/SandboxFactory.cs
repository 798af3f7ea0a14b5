using Memfun.Core.Configuration;
using Memfun.Runtime.Sandboxing;
using Memfun.Sandbox.Docker;
using Memfun.Sandbox.Local;

namespace Memfun.Sandbox;

/// <summary>Opens the sandbox host that <c>[sandbox]</c> in the configuration names, and maps its settings to options.</summary>
public static class SandboxFactory
{
    /// <summary>Opens the configured host: local (bubblewrap, unless <c>[sandbox] isolation = "none"</c>) or Docker.</summary>
    /// <exception cref="Memfun.Core.Errors.SandboxException">The host cannot run kernels here (no python3, no working bubblewrap, no Docker daemon...).</exception>
    public static async Task<KernelSandbox> OpenAsync(MemfunConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Sandbox.Kind == SandboxKind.Docker
            ? await DockerSandbox.OpenAsync(config.Sandbox.DockerImage, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await LocalSandbox.OpenAsync(config.Sandbox.Isolation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns sandbox options for the project from the configuration (host functions are added by the caller).</summary>
    public static SandboxOptions Options(MemfunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sandbox = config.Sandbox;
        return new SandboxOptions
        {
            ProjectRoot = config.ProjectRoot,
            AllowNetwork = sandbox.Network,
            Timeout = TimeSpan.FromSeconds(sandbox.TimeoutSeconds),
            MemoryMb = sandbox.MemoryMb,
            OutputLimitChars = sandbox.OutputLimitChars,
            MaxProcesses = sandbox.MaxProcesses,
            CpuSeconds = sandbox.CpuSeconds,
        };
    }
}
