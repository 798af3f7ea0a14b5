using Memfun.Core.Processes;

namespace Memfun.Sandbox.Local;

/// <summary>
/// Runs REPL kernels as local processes: inside bubblewrap (no network, read-only project, private /tmp, an
/// unprivileged user, nothing else of the machine) where it works, with resource limits always.
/// </summary>
public sealed class LocalSandbox : KernelSandbox
{
    private readonly KernelLauncher _launcher;

    private LocalSandbox(KernelLauncher launcher) => _launcher = launcher;

    /// <summary>Gets how strongly this machine can isolate kernels.</summary>
    public SandboxIsolation Isolation => _launcher.Isolation;

    /// <inheritdoc />
    protected override string? IsolationWarning => Isolation == SandboxIsolation.ResourceLimitsOnly
        ? "[memfun] WARNING: bubblewrap is not available, so this code runs with resource limits only: it can read your files and use the network. Install bubblewrap (see `memfun doctor`)."
        : null;

    /// <summary>Finds python3 and checks whether bubblewrap can isolate kernels here.</summary>
    /// <exception cref="SandboxException">python3 is missing or too old.</exception>
    public static async Task<LocalSandbox> OpenAsync(CancellationToken cancellationToken = default)
    {
        var python = await PythonInstall.FindAsync(cancellationToken).ConfigureAwait(false);
        var probe = await ProcessRunner.TryRunAsync("bwrap", ["--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--die-with-parent", "true"], timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        var isolation = probe is { Succeeded: true } ? SandboxIsolation.Bubblewrap : SandboxIsolation.ResourceLimitsOnly;
        return new LocalSandbox(new KernelLauncher(python, isolation));
    }

    private protected override Task<IKernelTransport> StartTransportAsync(SandboxOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IKernelTransport>(ProcessKernelTransport.Start(_launcher.Build(options)));
}
