using System.Diagnostics;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Core.Processes;

namespace Memfun.Sandbox.Local;

/// <summary>A kernel in a local process (bubblewrap or plain python3): protocol on its pipes, its stderr kept for diagnostics.</summary>
internal sealed class ProcessKernelTransport : IKernelTransport
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _drain;

    private readonly bool _treeDiesWithRoot;
    private volatile bool _ready;
    private string? _final;

    private ProcessKernelTransport(Process process, ValueDrop? values, bool treeDiesWithRoot)
    {
        _process = process;
        Values = values;
        _treeDiesWithRoot = treeDiesWithRoot;
        _drain = Task.Run(DrainStandardErrorAsync);
    }

    public Stream Output => _process.StandardOutput.BaseStream;

    public TextWriter Input => _process.StandardInput;

    public ValueDrop? Values { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the kernel; <paramref name="values"/> (the folder it was given for large values) is removed when it stops.</summary>
    /// <param name="start">The kernel's process.</param>
    /// <param name="values">The folder it was given for large values.</param>
    /// <param name="treeDiesWithRoot">
    /// Once the kernel is ready, every process it starts dies with <paramref name="start"/>'s process (bubblewrap with
    /// <c>--unshare-pid</c> and <c>--die-with-parent</c>: the namespace's first process gets SIGKILL when bubblewrap dies,
    /// and the namespace with it). A ready kernel is then stopped by killing that one process instead of walking the
    /// process tree, which reads every process's <c>/proc</c> entry once per level (0.2 s a level on a busy machine, at
    /// the end of every run). A kernel stopped before it is ready may not have set that up yet: its tree is walked.
    /// </param>
    public static ProcessKernelTransport Start(ProcessStartInfo start, ValueDrop? values = null, bool treeDiesWithRoot = false)
    {
        var process = new Process { StartInfo = start };
        try
        {
            ProgramPath.Start(process);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            values?.Dispose();
            throw new SandboxException(MemfunErrorCodes.SandboxUnavailable, $"Could not start the REPL kernel ({start.FileName}): {e.Message}", e);
        }

        return new ProcessKernelTransport(process, values, treeDiesWithRoot);
    }

    public string Describe()
    {
        if (_final is { } final)
        {
            return final;
        }

        var exit = _process.HasExited ? $"Exit code {_process.ExitCode}. " : string.Empty;
        lock (_stderr)
        {
            return (exit + _stderr.ToString()).Trim();
        }
    }

    public void Ready() => _ready = true;

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: !(_treeDiesWithRoot && _ready));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _drain.ConfigureAwait(false);
        // Everything it wrote is read now: kept for Describe, which a failed start asks after stopping the kernel.
        _final = Describe();
        _process.Dispose();
        Values?.Dispose();
    }

    private async Task DrainStandardErrorAsync()
    {
        var buffer = new char[4096];
        while (await _process.StandardError.ReadAsync(buffer).ConfigureAwait(false) is var read and > 0)
        {
            lock (_stderr)
            {
                if (_stderr.Length < 16_384)
                {
                    _stderr.Append(buffer, 0, read);
                }
            }
        }
    }
}
