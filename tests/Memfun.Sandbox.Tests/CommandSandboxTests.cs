using System.Net;
using System.Net.Sockets;
using Memfun.Sandbox.Local;
using Memfun.Testing;

namespace Memfun.Sandbox.Tests;

/// <summary>Shell commands in the local sandbox under bubblewrap: what they can see, write and use, and their limits.</summary>
public sealed class CommandSandboxTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TempDirectory _outside = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _folder.Dispose();
        _outside.Dispose();
    }

    private async Task<CommandResult> RunAsync(string command, Func<CommandRequest, CommandRequest>? adjust = null)
    {
        var sandbox = await LocalSandbox.OpenAsync(Cancellation);
        await using (sandbox)
        {
            var request = new CommandRequest { Command = command, Directory = _folder.Path, Timeout = TimeSpan.FromSeconds(60) };
            return await sandbox.RunCommandAsync(adjust?.Invoke(request) ?? request, Cancellation);
        }
    }

    [Fact]
    public async Task Command_ReturnsItsExitCodeAndBothStreams()
    {
        var result = await RunAsync("echo out; echo err >&2; exit 3");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task ReadOnlyFolder_RefusesWrites()
    {
        _folder.WriteFile("a.txt", "original");

        var result = await RunAsync("echo changed > a.txt; touch new.txt");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Read-only file system", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("original", await File.ReadAllTextAsync(_folder.Combine("a.txt"), Cancellation));
        Assert.False(File.Exists(_folder.Combine("new.txt")));
    }

    [Fact]
    public async Task WritableFolder_AppearsAtItsMountPath_AndTakesWrites()
    {
        var mountPath = Path.Combine(_outside.Path, "project");
        if (Environment.IsPrivilegedProcess)
        {
            // Commands started by root run as nobody, so a writable folder must be theirs (as a run's workspace is).
            Assert.True((await Memfun.Core.Processes.ProcessRunner.TryRunAsync("chown", ["65534:65534", _folder.Path], cancellationToken: Cancellation))!.Succeeded);
        }

        var result = await RunAsync("pwd; echo made > made.txt", r => r with { Writable = true, MountPath = mountPath });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(mountPath + "\n", result.Stdout);
        Assert.Equal("made\n", await File.ReadAllTextAsync(_folder.Combine("made.txt"), Cancellation));
        Assert.False(Directory.Exists(mountPath));
    }

    [Fact]
    public async Task FilesOutsideTheFolder_AreNotThere()
    {
        _outside.WriteFile("secret.txt", "secret");
        File.CreateSymbolicLink(_folder.Combine("link"), _outside.Combine("secret.txt"));

        var result = await RunAsync($"cat {_outside.Combine("secret.txt")}; cat link; cat /etc/passwd; ls $HOME");

        Assert.DoesNotContain("secret", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("No such file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNetwork_IsOff()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await RunAsync($"python3 -c \"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5); print('connected')\"");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("connected", result.Stdout, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Limits_AreApplied_AndRootIsDropped()
    {
        var result = await RunAsync(
            "python3 -c \"import os, resource; print(os.getuid(), resource.getrlimit(resource.RLIMIT_NPROC)[0], resource.getrlimit(resource.RLIMIT_AS)[0])\"",
            r => r with { MaxProcesses = 77, MemoryMb = 512 });

        var fields = result.Stdout.Trim().Split(' ');
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Equal("65534", fields[0]);
        }

        Assert.NotEqual("0", fields[0]);
        Assert.Equal("77", fields[1]);
        Assert.Equal((512L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), fields[2]);
    }

    [Fact]
    public async Task Timeout_KillsTheCommandAndWhatItStarted()
    {
        var result = await RunAsync("sleep 300 & sleep 300", r => r with { Timeout = TimeSpan.FromSeconds(1) });

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("timeout", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongOutput_IsCutWithAMarker()
    {
        var result = await RunAsync("head -c 100000 /dev/zero | tr '\\0' x", r => r with { OutputLimitChars = 1000 });

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(new string('x', 1000) + "\n[... output truncated: 99000 more characters", result.Stdout, StringComparison.Ordinal);
    }
}
