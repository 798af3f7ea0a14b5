using Memfun.Core.Errors;
using Memfun.Core.Files;
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
    private static readonly string[] ProbeSettings =
    [
        "/proc/sys/kernel/random/boot_id", "/proc/sys/kernel/unprivileged_userns_clone", "/proc/sys/user/max_user_namespaces",
        "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
    ];

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

    internal static Task<LocalSandbox> OpenAsync(SandboxIsolationMode isolation, string bubblewrap, CancellationToken cancellationToken) =>
        OpenAsync(isolation, bubblewrap, HostFiles.CacheFile("bubblewrap.txt"), cancellationToken);

    /// <summary>Opens the sandbox; a successful bubblewrap probe is remembered in <paramref name="probeCacheFile"/> (null: always probe).</summary>
    internal static async Task<LocalSandbox> OpenAsync(SandboxIsolationMode isolation, string bubblewrap, string? probeCacheFile, CancellationToken cancellationToken)
    {
        if (isolation == SandboxIsolationMode.None)
        {
            return new LocalSandbox(new KernelLauncher(await PythonInstall.FindAsync(cancellationToken).ConfigureAwait(false), SandboxIsolation.ResourceLimitsOnly, bubblewrap));
        }

        // Independent: the interpreter's discovery and the isolation probe run side by side.
        var finding = PythonInstall.FindAsync(cancellationToken);
        var probing = CheckBubblewrapAsync(bubblewrap, probeCacheFile, cancellationToken);
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

    /// <summary>
    /// Probes bubblewrap, unless a probe succeeded before with the same bubblewrap binary, user, boot and user-namespace
    /// settings (<paramref name="cacheFile"/>); a success is remembered there, a failure never is.
    /// </summary>
    /// <remarks>
    /// Security: the cache decides only whether the probe runs, never whether isolation is used: a kernel is always
    /// started inside bubblewrap. Should the cache be wrong (bubblewrap changed in a way the key does not see), starting
    /// the kernel fails with bubblewrap's own error, as a failed probe would; no code runs without isolation.
    /// </remarks>
    private static async Task<string?> CheckBubblewrapAsync(string bubblewrap, string? cacheFile, CancellationToken cancellationToken)
    {
        var key = cacheFile is null ? null : ProbeKey(bubblewrap);
        if (key is not null && ReadProbeCache(cacheFile!) == key)
        {
            return null;
        }

        var problem = await CheckBubblewrapAsync(bubblewrap, cancellationToken).ConfigureAwait(false);
        if (problem is null && key is not null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
                await AtomicFile.WriteAsync(cacheFile!, System.Text.Encoding.UTF8.GetBytes(key), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only home: the next run probes again.
            }
        }

        return problem;
    }

    // What a probe's success depends on: the bubblewrap binary, the user, this boot, and the kernel's user-namespace switches.
    internal static string? ProbeKey(string bubblewrap)
    {
        var path = ProgramPath.Find(bubblewrap);
        if (path is null || HostFiles.Stamp(path) is not { } stamp)
        {
            return null;
        }

        var key = new System.Text.StringBuilder(stamp).Append('|').Append(Environment.UserName).Append('|').Append(Environment.IsPrivilegedProcess);
        foreach (var setting in ProbeSettings)
        {
            key.Append('|').Append(File.Exists(setting) ? File.ReadAllText(setting).Trim() : "-");
        }

        return key.ToString();
    }

    private static string? ReadProbeCache(string cacheFile)
    {
        try
        {
            return File.ReadAllText(cacheFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
