using Memfun.Sandbox.Docker;
using Memfun.Sandbox.Local;

namespace Memfun.Sandbox;

/// <summary>Opens the sandbox host that <c>[sandbox]</c> in the settings name, and maps its settings to options.</summary>
public static class SandboxFactory
{
    /// <summary>Opens the configured host: local (bubblewrap, unless <c>[sandbox] isolation = "none"</c>) or Docker.</summary>
    /// <exception cref="Memfun.Sandbox.SandboxException">The host cannot run kernels here (no python3, no working bubblewrap, no Docker daemon...).</exception>
    public static async Task<KernelSandbox> OpenAsync(SandboxSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind == SandboxKind.Docker
            ? await DockerSandbox.OpenAsync(settings.DockerImage, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await LocalSandbox.OpenAsync(settings.Isolation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns sandbox options for <paramref name="projectRoot"/> from the settings (host functions are added by the caller).</summary>
    public static SandboxOptions Options(SandboxSettings sandbox, string projectRoot)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        return new SandboxOptions
        {
            ProjectRoot = projectRoot,
            AllowNetwork = sandbox.Network,
            Timeout = TimeSpan.FromSeconds(sandbox.TimeoutSeconds),
            MemoryMb = sandbox.MemoryMb,
            OutputLimitChars = sandbox.OutputLimitChars,
            MaxProcesses = sandbox.MaxProcesses,
            CpuSeconds = sandbox.CpuSeconds,
        };
    }
}
