
namespace Memfun.Sandbox;

/// <summary>
/// Creates and drives isolated, persistent Python REPL kernels. Variables persist across
/// <see cref="ExecuteAsync"/> calls on one handle; code in the kernel can call the host functions given in
/// <see cref="SandboxOptions.HostFunctions"/>.
/// </summary>
public interface ISandbox : IAsyncDisposable
{
    /// <summary>Starts a kernel (or takes a warm one from the pool) with the given options.</summary>
    ValueTask<SandboxHandle> CreateAsync(SandboxOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="code"/> in the kernel. A timeout (the options' default when null) kills the kernel;
    /// the result then says so, and the next execution starts a fresh kernel with no variables.
    /// </summary>
    ValueTask<ExecutionResult> ExecuteAsync(SandboxHandle handle, string code, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Binds a Python variable to a string value without passing it through code (for large contexts).</summary>
    ValueTask SetVariableAsync(SandboxHandle handle, string name, string value, CancellationToken cancellationToken = default);

    /// <summary>Stops the kernel and releases everything it held. Destroying an unknown handle does nothing.</summary>
    ValueTask DestroyAsync(SandboxHandle handle, CancellationToken cancellationToken = default);
}
