using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;

namespace Memfun.Benchmarks.Sandbox;

/// <summary>
/// The REPL kernel's costs next to a bare <c>python3 -c</c> subprocess doing the same work: start to first
/// result, a trivial statement, and a host callback.
/// </summary>
[MemoryDiagnoser]
public class SandboxBenchmarks
{
    private readonly string _project = Path.Combine(Path.GetTempPath(), "memfun-bench-sandbox");
    private LocalSandbox _sandbox = null!;
    private SandboxHandle _handle = null!;
    private SandboxOptions _options = null!;
    private string _python = "python3";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_project);

        // The real interpreter, not a version-manager shim, so the baseline is Python's own start-up.
        using (var which = Process.Start(new ProcessStartInfo("python3", ["-c", "import os, sys; print(os.path.realpath(sys.executable))"]) { RedirectStandardOutput = true })!)
        {
            _python = (await which.StandardOutput.ReadToEndAsync()).Trim();
        }

        _sandbox = await LocalSandbox.OpenAsync();
        _options = new SandboxOptions
        {
            ProjectRoot = _project,
            HostFunctions = new Dictionary<string, SandboxHostFunction> { ["ping"] = (_, _) => ValueTask.FromResult(JsonSerializer.SerializeToElement(1)) },
        };
        _handle = await _sandbox.CreateAsync(_options);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _sandbox.DisposeAsync();

    [Benchmark(Description = "kernel start to first result (cold, isolated)")]
    public async Task<string> KernelStartAsync()
    {
        // A fresh LocalSandbox has no warm kernel, so this pays the full start-up.
        await using var sandbox = await LocalSandbox.OpenAsync();
        var handle = await sandbox.CreateAsync(_options);
        return (await sandbox.ExecuteAsync(handle, "1")).Stdout;
    }

    [Benchmark(Description = "create with a warm kernel, first result")]
    public async Task<string> WarmCreateAsync()
    {
        _sandbox.Prewarm(_options);
        var handle = await _sandbox.CreateAsync(_options);
        var result = await _sandbox.ExecuteAsync(handle, "1");
        await _sandbox.DestroyAsync(handle);
        return result.Stdout;
    }

    [Benchmark(Description = "exec round trip: x = 1")]
    public async Task<ExecutionResult> ExecuteAsync() => await _sandbox.ExecuteAsync(_handle, "x = 1");

    [Benchmark(Description = "exec with one host callback: ping()")]
    public async Task<ExecutionResult> CallbackAsync() => await _sandbox.ExecuteAsync(_handle, "ping()");

    [Benchmark(Baseline = true, Description = "bare python3 -c 'x = 1' subprocess")]
    public async Task<int> BarePythonAsync()
    {
        using var process = Process.Start(new ProcessStartInfo(_python, ["-I", "-c", "x = 1"]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
