using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Memfun.Benchmarks.Tools;
using Memfun.Sandbox;
using Memfun.Sandbox.Local;
using Memfun.Tools.Workspaces;

namespace Memfun.Benchmarks.Sandbox;

/// <summary>
/// What acting costs: a run's workspace copy of a 5,000-file git repository (beside <c>cp -a</c> of the same tree into
/// the same memory file system the workspace uses),
/// and a <c>run("true")</c> round trip in the command sandbox, direct and from the model's REPL code.
/// Targets: workspace ≤ 300 ms; <c>run("true")</c> ≤ 50 ms.
/// </summary>
[MemoryDiagnoser]
public class WorkspaceBenchmarks
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "memfun-bench-workspace");
    private LocalSandbox _sandbox = null!;
    private SandboxHandle _handle = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        GeneratedRepository.Create(_repository, 5_000);
        if (!Directory.Exists(Path.Combine(_repository, ".git")))
        {
            foreach (var arguments in new[] { "init -q", "add -A", "-c user.name=b -c user.email=b@example.com commit -qm initial" })
            {
                using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = _repository })!;
                await git.WaitForExitAsync();
            }
        }

        _sandbox = await LocalSandbox.OpenAsync();
        var options = new SandboxOptions
        {
            ProjectRoot = _repository,
            HostFunctions = new Dictionary<string, SandboxHostFunction>
            {
                ["run"] = async (call, token) =>
                {
                    var result = await _sandbox.RunCommandAsync(new CommandRequest { Command = call.GetProperty("args")[0].GetString()!, Directory = _repository }, token);
                    return JsonSerializer.SerializeToElement(result.ExitCode);
                },
            },
        };
        _handle = await _sandbox.CreateAsync(options);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _sandbox.DisposeAsync();

    [Benchmark(Description = "workspace of a 5,000-file repository (create + delete)")]
    public async Task<int> WorkspaceAsync()
    {
        using var workspace = await Workspace.CreateAsync(_repository);
        return workspace.FileCount;
    }

    [Benchmark(Baseline = true, Description = "cp -a of the same tree into the same memory file system (+ rm -rf)")]
    public async Task CopyBaselineAsync()
    {
        var target = Directory.Exists("/dev/shm") ? Directory.CreateDirectory(Path.Combine("/dev/shm", "memfun-bench-cp-" + Guid.NewGuid().ToString("N"))).FullName : Directory.CreateTempSubdirectory("memfun-bench-cp-").FullName;
        using var copy = Process.Start(new ProcessStartInfo("cp", ["-a", Path.Combine(_repository, "src"), target]))!;
        await copy.WaitForExitAsync();
        Directory.Delete(target, recursive: true);
    }

    [Benchmark(Description = "run(\"true\") in the command sandbox")]
    public async Task<int> RunTrueAsync() =>
        (await _sandbox.RunCommandAsync(new CommandRequest { Command = "true", Directory = _repository })).ExitCode;

    [Benchmark(Description = "run(\"true\") from REPL code (host call + command)")]
    public async Task<string> RunTrueFromReplAsync() =>
        (await _sandbox.ExecuteAsync(_handle, "print(run('true'))")).Stdout;
}
