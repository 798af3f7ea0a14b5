using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Memfun.Cli.Tests;

/// <summary>The built <c>memfun mcp serve --http</c> (next to the tests) on a free loopback port, ready once it printed its endpoint.</summary>
public sealed class McpServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private McpServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }

            if (e.Data?.Contains("/mcp", StringComparison.Ordinal) == true)
            {
                _ready.TrySetResult();
            }
        };
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"memfun mcp serve exited with {_process.ExitCode} before it was ready:\n{Errors}"));
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/mcp");

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts <c>memfun mcp serve --http --port PORT</c> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<McpServeProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "memfun.dll"), "mcp", "serve", "--http", "--port", port.ToString(CultureInfo.InvariantCulture) }.Concat(args))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new McpServeProcess(process, port);
        process.Start();
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server._ready.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
