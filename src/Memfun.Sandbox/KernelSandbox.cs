using System.Collections.Concurrent;
using System.Diagnostics;
using Memfun.Core.Errors;

namespace Memfun.Sandbox;

/// <summary>
/// What every sandbox host shares: sessions of persistent kernels, a warm kernel kept ready so
/// <see cref="CreateAsync"/> does not pay the start-up, and timeouts that stop a kernel and start a fresh one.
/// Hosts only say how a kernel is started.
/// </summary>
public abstract class KernelSandbox : ISandbox
{
    private static readonly IReadOnlyDictionary<string, SandboxHostFunction> NoFunctions = new Dictionary<string, SandboxHostFunction>();
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _warmGate = new();
    private (SandboxOptions Shape, Task<KernelConnection> Kernel, CancellationTokenSource Discard)? _warm;

    /// <summary>Gets a warning to show with the first result of every sandbox, when isolation is weaker than it should be.</summary>
    protected virtual string? IsolationWarning => null;

    /// <summary>Gets or sets a value indicating whether <see cref="CreateAsync"/> starts the next kernel at once (the default).</summary>
    /// <remarks>
    /// A process that runs one task sets it to false: the next kernel would only compete with the run for the CPU and
    /// be stopped unused at exit (a recursive <c>rlm_query</c> then starts its kernel when it needs it).
    /// </remarks>
    public bool KeepWarm { get; set; } = true;

    /// <summary>Gets a value indicating whether a kernel is started or starting ahead of need.</summary>
    internal bool HasWarmKernel
    {
        get
        {
            lock (_warmGate)
            {
                return _warm is not null;
            }
        }
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

            _ = DiscardWarm();
            var discard = new CancellationTokenSource();
            _warm = (shape, StartKernelAsync(options, discard.Token), discard);
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
        if (KeepWarm)
        {
            Prewarm(options);
        }

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
            return KernelConnection.ToResult(done, notice);
        }
        catch (TimeoutException)
        {
            await StopKernelAsync(session).ConfigureAwait(false);
            return new ExecutionResult(
                string.Empty,
                $"[memfun] execution stopped after {limit.TotalSeconds:0.###} s of running time (time waiting on host calls such as llm_query does not count); the kernel was stopped and its variables are lost.",
                null,
                stopwatch.Elapsed,
                Truncated: false,
                TimedOut: true);
        }
        catch (SandboxException e)
        {
            // The run goes on: the model sees why its kernel ended, and the next execution gets a fresh one.
            await StopKernelAsync(session).ConfigureAwait(false);
            var error = e.ErrorCode == MemfunErrorCodes.SandboxProtocolViolation
                ? new ExecutionError("ProtocolViolation", $"{e.ErrorCode}: {e.Message} Its variables are lost.", string.Empty)
                : new ExecutionError("KernelDied", $"{e.Message} Its variables are lost.", string.Empty);
            return new ExecutionResult(string.Empty, string.Empty, error, stopwatch.Elapsed, false, false);
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
        var done = await session.Kernel!.SetVariableAsync(name, value, cancellationToken).ConfigureAwait(false);
        if (done.Error is { } error)
        {
            throw new SandboxException($"The kernel could not bind '{name}' ({value.Length:N0} characters): {error.Type}: {error.Message}")
            {
                Hint = "A value this large may need more memory: raise [sandbox] memory_mb.",
            };
        }
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
        GC.SuppressFinalize(this);
        foreach (var session in _sessions.Values)
        {
            await StopKernelAsync(session).ConfigureAwait(false);
        }

        _sessions.Clear();
        Task discarding;
        lock (_warmGate)
        {
            discarding = DiscardWarm();
        }

        await discarding.ConfigureAwait(false);
        await DisposeHostAsync().ConfigureAwait(false);
    }

    /// <summary>Releases what the host holds (a daemon connection...) after every kernel is stopped.</summary>
    private protected virtual ValueTask DisposeHostAsync() => ValueTask.CompletedTask;

    private static SandboxOptions Shape(SandboxOptions options) => options with { HostFunctions = NoFunctions, Timeout = TimeSpan.Zero };

    private async Task<KernelConnection> StartOrTakeWarmAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        Task<KernelConnection>? warm = null;
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
            catch (Exception e) when (e is SandboxException or OperationCanceledException)
            {
                // The warm kernel failed to start; start one now and report that one's failure, if any.
            }
        }

        return await StartKernelAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a kernel for <paramref name="options"/> and returns its transport.</summary>
    private protected abstract Task<IKernelTransport> StartTransportAsync(SandboxOptions options, CancellationToken cancellationToken);

    private async Task<KernelConnection> StartKernelAsync(SandboxOptions options, CancellationToken cancellationToken) =>
        await KernelConnection.OpenAsync(await StartTransportAsync(options, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

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

        if (IsolationWarning is { } warning && !session.WarnedAboutIsolation)
        {
            session.WarnedAboutIsolation = true;
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

    private Task DiscardWarm()
    {
        if (_warm is not { } warm)
        {
            return Task.CompletedTask;
        }

        _warm = null;
        return DisposeWhenStartedAsync(warm.Kernel, warm.Discard);
    }

    private static async Task DisposeWhenStartedAsync(Task<KernelConnection> starting, CancellationTokenSource discard)
    {
        // A kernel still starting is stopped now rather than after its interpreter is up: a command that ends does not wait for it.
        await discard.CancelAsync().ConfigureAwait(false);
        try
        {
            await (await starting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SandboxException or OperationCanceledException)
        {
            // It never started, or was stopped while starting: nothing left to stop.
        }
        finally
        {
            discard.Dispose();
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

        public KernelConnection? Kernel { get; set; }

        public bool WarnedAboutIsolation { get; set; }
    }
}
