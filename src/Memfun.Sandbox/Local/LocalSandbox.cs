using Memfun.Core.Errors;
using Memfun.Core.Processes;

namespace Memfun.Sandbox.Local;

/// <summary>
/// Runs REPL kernels as local processes inside bubblewrap (no network, read-only project without its
/// <c>.memfun/</c>, private /tmp, an unprivileged user, nothing else of the machine) with resource limits.
/// Without a working bubblewrap it refuses to start, unless isolation was turned off explicitly.
/// </summary>
public sealed class LocalSandbox : KernelSandbox, ICommandSandbox
{
    private const string InstallHint =
        "Install bubblewrap (`apt-get install bubblewrap`) and allow unprivileged user namespaces (`memfun doctor` checks both), " +
        "or accept code that can read your files and use the network with [sandbox] isolation = \"none\" in memfun.toml.";

    private static readonly string[] ProbeArguments = ["--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--die-with-parent", "true"];
    private readonly KernelLauncher _launcher;

    private LocalSandbox(KernelLauncher launcher) => _launcher = launcher;

    /// <summary>Gets how strongly this sandbox isolates kernels.</summary>
    public SandboxIsolation Isolation => _launcher.Isolation;

    /// <inheritdoc />
    protected override string? IsolationWarning => Isolation == SandboxIsolation.ResourceLimitsOnly
        ? "[memfun] WARNING: isolation is off ([sandbox] isolation = \"none\"), so this code runs with resource limits only: it can read and write your files and use the network."
        : null;

    /// <summary>Finds python3 and checks that bubblewrap can isolate kernels here.</summary>
    /// <exception cref="SandboxException">python3 is missing or too old, or bubblewrap is missing or cannot create namespaces (<see cref="MemfunErrorCodes.SandboxUnavailable"/>).</exception>
    public static Task<LocalSandbox> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(SandboxIsolationMode.Bubblewrap, "bwrap", cancellationToken);

    /// <summary>Finds python3 and, unless <paramref name="isolation"/> is <see cref="SandboxIsolationMode.None"/>, checks that bubblewrap can isolate kernels here.</summary>
    /// <exception cref="SandboxException">python3 is missing or too old, or isolation is required and bubblewrap is missing or cannot create namespaces (<see cref="MemfunErrorCodes.SandboxUnavailable"/>).</exception>
    public static Task<LocalSandbox> OpenAsync(SandboxIsolationMode isolation, CancellationToken cancellationToken = default) =>
        OpenAsync(isolation, "bwrap", cancellationToken);

    /// <summary>Checks that bubblewrap can create the namespaces the sandbox uses.</summary>
    /// <returns>Null when it can; otherwise what is wrong.</returns>
    public static Task<string?> CheckBubblewrapAsync(CancellationToken cancellationToken = default) => CheckBubblewrapAsync("bwrap", cancellationToken);

    internal static async Task<LocalSandbox> OpenAsync(SandboxIsolationMode isolation, string bubblewrap, CancellationToken cancellationToken)
    {
        if (isolation == SandboxIsolationMode.None)
        {
            return new LocalSandbox(new KernelLauncher(await PythonInstall.FindAsync(cancellationToken).ConfigureAwait(false), SandboxIsolation.ResourceLimitsOnly, bubblewrap));
        }

        // Independent: the interpreter's discovery and the isolation probe run side by side.
        var finding = PythonInstall.FindAsync(cancellationToken);
        var probing = CheckBubblewrapAsync(bubblewrap, cancellationToken);
        await Task.WhenAll(finding, probing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var python = await finding.ConfigureAwait(false);
        if (await probing.ConfigureAwait(false) is { } problem)
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The sandbox will not run code without isolation, and {problem}.")
            {
                Hint = InstallHint,
            };
        }

        return new LocalSandbox(new KernelLauncher(python, SandboxIsolation.Bubblewrap, bubblewrap));
    }

    private static async Task<string?> CheckBubblewrapAsync(string bubblewrap, CancellationToken cancellationToken)
    {
        var probe = await ProcessRunner.TryRunAsync(bubblewrap, ProbeArguments, timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        return probe switch
        {
            null => $"bubblewrap ({bubblewrap}) is not installed",
            { Succeeded: true } => null,
            _ => $"bubblewrap ({bubblewrap}) cannot create namespaces here: {probe.Stderr.Trim()}",
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// Under bubblewrap the command sees the system's programs read-only, <see cref="CommandRequest.Directory"/> at its
    /// mount path, a private /tmp and nothing else; it runs as "nobody" when memfun runs as root. With isolation off
    /// only the resource limits and the timeout apply.
    /// </remarks>
    public Task<CommandResult> RunCommandAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Command);
        if (!Directory.Exists(request.Directory))
        {
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"The command's folder {request.Directory} does not exist.");
        }

        return CommandProcess.RunAsync(_launcher.BuildCommand(request), request.Timeout, request.OutputLimitChars, cancellationToken);
    }

    private protected override Task<IKernelTransport> StartTransportAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        var values = ValueDrop.Create();
        try
        {
            return Task.FromResult<IKernelTransport>(ProcessKernelTransport.Start(_launcher.Build(options, values), values, treeDiesWithRoot: _launcher.Isolation == SandboxIsolation.Bubblewrap));
        }
        catch
        {
            values.Dispose();
            throw;
        }
    }
}
