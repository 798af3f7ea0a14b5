namespace Memfun.Sandbox;

/// <summary>
/// A sandbox that runs shell commands (the project's tests, builds, linters) under the same isolation as its kernels:
/// no network unless allowed, one host folder visible (read-only unless the request makes it writable), an unprivileged
/// user, resource limits, a timeout that kills everything the command started.
/// </summary>
public interface ICommandSandbox
{
    /// <summary>Runs <paramref name="request"/>'s command and waits for it (or its timeout).</summary>
    /// <exception cref="SandboxException">The command could not be started (<see cref="Memfun.Core.Errors.MemfunErrorCodes.SandboxUnavailable"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the command was killed.</exception>
    Task<CommandResult> RunCommandAsync(CommandRequest request, CancellationToken cancellationToken = default);
}
