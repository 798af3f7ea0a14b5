using System.Collections.Concurrent;
using System.Diagnostics;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Core.Types;
using Memfun.Runtime.Sandboxing;

namespace Memfun.Sandbox.Local;

/// <summary>
/// Runs REPL kernels as local processes: inside bubblewrap (no network, read-only project, private /tmp, an
/// unprivileged user, nothing else of the machine) where it works, with resource limits always. A warm kernel
/// is kept ready so <see cref="CreateAsync"/> does not pay the start-up.
/// </summary>
public sealed class LocalSandbox : ISandbox
{
    private static readonly IReadOnlyDictionary<string, SandboxHostFunction> NoFunctions = new Dictionary<string, SandboxHostFunction>();
    private readonly KernelLauncher _launcher;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _warmGate = new();
    private (SandboxOptions Shape, Task<KernelProcess> Kernel)? _warm;

    private LocalSandbox(KernelLauncher launcher) => _launcher = launcher;

    /// <summary>Gets how strongly this machine can isolate kernels.</summary>
    public SandboxIsolation Isolation => _launcher.Isolation;

    /// <summary>Finds python3 and checks whether bubblewrap can isolate kernels here.</summary>
    /// <exception cref="SandboxException">python3 is missing or too old.</exception>
    public static async Task<LocalSandbox> OpenAsync(CancellationToken cancellationToken = default)
    {
        var python = await PythonInstall.FindAsync(cancellationToken).ConfigureAwait(false);
        var probe = await ProcessRunner.TryRunAsync("bwrap", ["--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--die-with-parent", "true"], timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        var isolation = probe is { Succeeded: true } ? SandboxIsolation.Bubblewrap : SandboxIsolation.ResourceLimitsOnly;
        return new LocalSandbox(new KernelLauncher(python, isolation));
    }

    /// <summary>Starts a kernel for <paramref name="options"/> ahead of need, so the next matching <see cref="CreateAsync"/> is immediate.</summary>
    public void Prewarm(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shape = Shape(options);
        lock (_warmGate)
        {
            if (_warm is { } warm && warm.Shape == shape)
            {
                return;
            }

            DiscardWarm();
            _warm = (shape, KernelProcess.StartAsync(_launcher.Build(options), CancellationToken.None));
        }
    }

    /// <inheritdoc />
    public async ValueTask<SandboxHandle> CreateAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.ProjectRoot))
        {
            throw new SandboxException($"The project folder {options.ProjectRoot} does not exist.");
        }

        var kernel = await StartOrTakeWarmAsync(options, cancellationToken).ConfigureAwait(false);
        await kernel.BindAsync(options.HostFunctions, cancellationToken).ConfigureAwait(false);
        Prewarm(options);
        var handle = new SandboxHandle(Guid.NewGuid().ToString("N"), "local", DateTimeOffset.UtcNow);
        _sessions[handle.Id] = new Session(options) { Kernel = kernel };
        return handle;
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionResult> ExecuteAsync(SandboxHandle handle, string code, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var session = Get(handle);
        var notice = await EnsureKernelAsync(session, cancellationToken).ConfigureAwait(false);
        var limit = timeout ?? session.Options.Timeout;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var done = await session.Kernel!.ExecuteAsync(code, limit, cancellationToken).ConfigureAwait(false);
            return KernelProcess.ToResult(done, notice);
        }
        catch (TimeoutException)
        {
            await StopKernelAsync(session).ConfigureAwait(false);
            return new ExecutionResult(
                string.Empty,
                $"[memfun] execution stopped after {limit.TotalSeconds:0.###} s; the kernel was stopped and its variables are lost.",
                null,
                stopwatch.Elapsed,
                Truncated: false,
                TimedOut: true);
        }
        catch (SandboxException e)
        {
            await StopKernelAsync(session).ConfigureAwait(false);
            return new ExecutionResult(string.Empty, string.Empty, new ExecutionError("KernelDied", e.Message, string.Empty), stopwatch.Elapsed, false, false);
        }
        catch (OperationCanceledException)
        {
            // Python cannot be interrupted mid-statement from outside: stopping the kernel is the only way to stop the code.
            await StopKernelAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask SetVariableAsync(SandboxHandle handle, string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var session = Get(handle);
        await EnsureKernelAsync(session, cancellationToken).ConfigureAwait(false);
        await session.Kernel!.SetVariableAsync(name, value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DestroyAsync(SandboxHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (_sessions.TryRemove(handle.Id, out var session))
        {
            await StopKernelAsync(session).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await StopKernelAsync(session).ConfigureAwait(false);
        }

        _sessions.Clear();
        lock (_warmGate)
        {
            DiscardWarm();
        }
    }

    private static SandboxOptions Shape(SandboxOptions options) => options with { HostFunctions = NoFunctions, Timeout = TimeSpan.Zero };

    private async Task<KernelProcess> StartOrTakeWarmAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        Task<KernelProcess>? warm = null;
        lock (_warmGate)
        {
            if (_warm is { } candidate && candidate.Shape == Shape(options))
            {
                warm = candidate.Kernel;
                _warm = null;
            }
        }

        if (warm is not null)
        {
            try
            {
                var kernel = await warm.ConfigureAwait(false);
                if (!kernel.HasExited)
                {
                    return kernel;
                }

                await kernel.DisposeAsync().ConfigureAwait(false);
            }
            catch (SandboxException)
            {
                // The warm kernel failed to start; start one now and report that one's failure, if any.
            }
        }

        return await KernelProcess.StartAsync(_launcher.Build(options), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> EnsureKernelAsync(Session session, CancellationToken cancellationToken)
    {
        string? notice = null;
        if (session.Kernel is null || session.Kernel.HasExited)
        {
            if (session.Kernel is not null)
            {
                await StopKernelAsync(session).ConfigureAwait(false);
            }

            session.Kernel = await StartOrTakeWarmAsync(session.Options, cancellationToken).ConfigureAwait(false);
            await session.Kernel.BindAsync(session.Options.HostFunctions, cancellationToken).ConfigureAwait(false);
            notice = "[memfun] the kernel was restarted: variables from earlier executions are lost.";
        }

        if (Isolation == SandboxIsolation.ResourceLimitsOnly && !session.WarnedAboutIsolation)
        {
            session.WarnedAboutIsolation = true;
            const string warning = "[memfun] WARNING: bubblewrap is not available, so this code runs with resource limits only: it can read your files and use the network. Install bubblewrap (see `memfun doctor`).";
            notice = notice is null ? warning : notice + Environment.NewLine + warning;
        }

        return notice;
    }

    private static async Task StopKernelAsync(Session session)
    {
        if (session.Kernel is { } kernel)
        {
            session.Kernel = null;
            await kernel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void DiscardWarm()
    {
        if (_warm is { } warm)
        {
            _warm = null;
            _ = DisposeWhenStartedAsync(warm.Kernel);
        }
    }

    private static async Task DisposeWhenStartedAsync(Task<KernelProcess> starting)
    {
        try
        {
            await (await starting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (SandboxException)
        {
            // It never started: nothing to stop.
        }
    }

    private Session Get(SandboxHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return _sessions.TryGetValue(handle.Id, out var session)
            ? session
            : throw new SandboxException($"There is no sandbox '{handle.Id}' (it was destroyed or never created).");
    }

    private sealed class Session(SandboxOptions options)
    {
        public SandboxOptions Options { get; } = options;

        public KernelProcess? Kernel { get; set; }

        public bool WarnedAboutIsolation { get; set; }
    }
}
