using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Memfun.Testing;

/// <summary>
/// A redis-server or nats-server of a test's own on a free loopback port, with its data in a temp folder, that
/// the test can stop, start again (same port and data), pause (SIGSTOP) and resume: for failure tests that
/// must not disturb the shared servers.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly string _program;
    private readonly Func<int, string, string[]> _arguments;
    private readonly TempDirectory _data = new();
    private Process? _process;

    private ServerProcess(string program, Func<int, string, string[]> arguments)
    {
        _program = program;
        _arguments = arguments;
        Port = FreePort();
    }

    /// <summary>Gets the loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a Redis server that fsyncs every write (so an acknowledged write survives a restart).</summary>
    public static Task<ServerProcess> StartRedisAsync(params string[] extra) =>
        StartAsync("redis-server", (port, dir) => ["--port", $"{port}", "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", .. extra]);

    /// <summary>Starts a NATS server, with JetStream unless <paramref name="jetStream"/> is false.</summary>
    public static Task<ServerProcess> StartNatsAsync(bool jetStream = true, params string[] extra) =>
        StartAsync("nats-server", (port, dir) => jetStream ? ["-a", "127.0.0.1", "-p", $"{port}", "-js", "-sd", dir, .. extra] : ["-a", "127.0.0.1", "-p", $"{port}", .. extra]);

    /// <summary>Starts the server process (again, after <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(_program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in _arguments(Port, _data.Path))
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>Stops the server gracefully (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Signal(process.Id, "TERM");
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing answers, as in a network drop.</summary>
    public void Pause()
    {
        Signal(_process!.Id, "STOP");

        // kill returns once the signal is sent; a thread busy on another core stops a moment later, and a command sent
        // in that moment would still be answered. Wait until every thread of the server shows as stopped.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!AllThreadsStopped(_process.Id) && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }
    }

    /// <summary>Thaws the server (SIGCONT).</summary>
    public void Resume() => Signal(_process!.Id, "CONT");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Signal(process.Id, "CONT");
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _data.Dispose();
    }

    private static async Task<ServerProcess> StartAsync(string program, Func<int, string, string[]> arguments)
    {
        var path = Find(program);
        if (path is null)
        {
            if (TestServers.Required)
            {
                Assert.Fail($"{program} is not installed, and MEMFUN_REQUIRE_SERVERS=1 requires it. Run scripts/install-deps.sh.");
            }

            Assert.Skip($"{program} is not installed: apt-get install redis-server nats-server (scripts/install-deps.sh) to run this test.");
            return null!;
        }

        var server = new ServerProcess(path, arguments);
        await server.StartAsync();
        return server;
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin").Append("/usr/bin")
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);

    private static bool AllThreadsStopped(int pid)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                // The state follows the command name in parentheses: "T" is stopped.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                if (!stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T'))
                {
                    return false;
                }
            }
            catch (IOException)
            {
                // A thread that ended meanwhile is not running either.
            }
        }

        return true;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
