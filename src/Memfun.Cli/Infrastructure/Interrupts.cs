using System.Runtime.InteropServices;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// Ctrl+C (SIGINT) for a command that wants more than the default "end the process": a handler the command pushes sees
/// it first (chat cancels the running turn, or its prompt); without one, the command's token is cancelled so the command
/// unwinds and its spinner gives the cursor back. A Ctrl+C that nothing handles, with the token already cancelled, ends
/// the process as usual.
/// </summary>
/// <remarks>Nothing is registered until <see cref="Listen"/>, so commands with their own signal handling (worker, MCP) keep it.</remarks>
public sealed class Interrupts : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Func<bool>> _handlers = [];
    private readonly CancellationTokenSource _command = new();
    private readonly bool _signals;
    private PosixSignalRegistration? _registration;

    /// <summary>Creates the interrupts of a command line.</summary>
    /// <param name="signals">Whether <see cref="Listen"/> handles the process's SIGINT; tests deliver interrupts with <see cref="Raise"/> instead.</param>
    public Interrupts(bool signals = true) => _signals = signals;

    /// <summary>Starts handling SIGINT (once) and returns the token it cancels when no handler takes it.</summary>
    public CancellationToken Listen()
    {
        lock (_gate)
        {
            _registration ??= !_signals ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = Raise());
        }

        return _command.Token;
    }

    /// <summary>Adds a handler (the latest added is asked first) until the returned object is disposed.</summary>
    /// <param name="handler">Returns true when it took the interrupt.</param>
    public IDisposable Push(Func<bool> handler)
    {
        lock (_gate)
        {
            _handlers.Add(handler);
        }

        return new Registration(this, handler);
    }

    /// <summary>Delivers one interrupt; returns false when nothing took it and the process should end.</summary>
    public bool Raise()
    {
        Func<bool>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }

        for (var i = handlers.Length - 1; i >= 0; i--)
        {
            if (handlers[i]())
            {
                return true;
            }
        }

        if (_command.IsCancellationRequested)
        {
            return false;
        }

        _command.Cancel();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration?.Dispose();
        _command.Dispose();
    }

    private sealed class Registration(Interrupts owner, Func<bool> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._handlers.Remove(handler);
            }
        }
    }
}
