using System.Diagnostics;

namespace Memfun.Cli.Tests;

/// <summary>A real <c>memfun worker</c> process (the built CLI next to the tests), ready once it printed its ready line.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("worker ready", StringComparison.Ordinal) == true)
            {
                _ready.TrySetResult(e.Data);
            }
        };
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"memfun worker exited with {_process.ExitCode} before it was ready."));
    }

    public int Id => _process.Id;

    public static async Task<WorkerProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "memfun.dll"));
        info.ArgumentList.Add("worker");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.Start();
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await worker._ready.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return worker;
    }

    /// <summary>Kills the worker at once (SIGKILL): it cannot give its in-flight task back.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await WaitForExitAsync();
    }

    /// <summary>Stops the worker as a service manager would (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync();
        }

        _process.Dispose();
    }

    // Waiting for the exit also waits for the end of its output, which a leftover child could hold open: a bound turns
    // that into a failed test instead of a test run that never ends.
    private Task WaitForExitAsync() =>
        _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
}
