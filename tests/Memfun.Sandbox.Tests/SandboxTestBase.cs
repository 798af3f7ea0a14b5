using System.Text.Json;
using Memfun.Sandbox.Local;
using Memfun.Testing;

namespace Memfun.Sandbox.Tests;

/// <summary>A real local sandbox over a temporary project folder.</summary>
public abstract class SandboxTestBase : IAsyncLifetime
{
    private KernelSandbox? _sandbox;

    protected TempDirectory Project { get; } = new();

    protected KernelSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("Created in InitializeAsync.");

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sandbox = await OpenSandboxAsync();

    /// <summary>Opens the sandbox host under test.</summary>
    protected virtual async Task<KernelSandbox> OpenSandboxAsync() => await LocalSandbox.OpenAsync(Cancellation);

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        Project.Dispose();
        GC.SuppressFinalize(this);
    }

    protected SandboxOptions Options(IReadOnlyDictionary<string, SandboxHostFunction>? functions = null, int outputLimit = 10_000, int memoryMb = 512) => new()
    {
        ProjectRoot = Project.Path,
        Timeout = TimeSpan.FromSeconds(20),
        OutputLimitChars = outputLimit,
        MemoryMb = memoryMb,
        HostFunctions = functions ?? new Dictionary<string, SandboxHostFunction>(),
    };

    protected async Task<(SandboxHandle Handle, Func<string, Task<ExecutionResult>> Run)> StartAsync(SandboxOptions? options = null)
    {
        var handle = await Sandbox.CreateAsync(options ?? Options(), Cancellation);
        return (handle, code => Sandbox.ExecuteAsync(handle, code, cancellationToken: Cancellation).AsTask());
    }

    protected static JsonElement Json(object? value) => JsonSerializer.SerializeToElement(value);
}
