using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Memfun.Sandbox.Tests;

[CollectionDefinition(nameof(SecurityTests), DisableParallelization = true)]
public sealed class SecurityCollection;

/// <summary>
/// Hostile code: each attempt must be refused or contained, and the host must stay healthy (the sandbox keeps
/// answering afterwards). Runs alone: the fork bomb exhausts the sandbox user's process limit on purpose.
/// </summary>
[Collection(nameof(SecurityTests))]
public sealed class SecurityTests : SandboxTestBase
{
    private async Task<ExecutionResult> RunAsync(string code, TimeSpan? timeout = null, int memoryMb = 256)
    {
        var handle = await Sandbox.CreateAsync(Options(memoryMb: memoryMb) with { MaxProcesses = 32 }, Cancellation);
        try
        {
            var result = await Sandbox.ExecuteAsync(handle, code, timeout ?? TimeSpan.FromSeconds(15), Cancellation);
            var healthy = await Sandbox.ExecuteAsync(handle, "'healthy'", TimeSpan.FromSeconds(15), Cancellation);
            Assert.Equal("'healthy'\n", healthy.Stdout);
            return result;
        }
        finally
        {
            await Sandbox.DestroyAsync(handle, Cancellation);
        }
    }

    [Fact]
    public void TheSecuritySuite_RunsUnderBubblewrap() =>
        Assert.True(((Local.LocalSandbox)Sandbox).Isolation == SandboxIsolation.Bubblewrap, "bubblewrap is missing or cannot create namespaces here; install it (apt-get install bubblewrap).");

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/root/.ssh/id_rsa")]
    [InlineData("/etc/passwd")]
    public async Task ReadingSystemFiles_Fails(string path)
    {
        var result = await RunAsync($"open({path!.Quote()}).read()");

        Assert.Contains(result.Error?.Type, new[] { "FileNotFoundError", "PermissionError" });
    }

    [Fact]
    public async Task ReadingFilesOutsideTheProject_Fails_EvenThroughASymlink()
    {
        using var outside = new Testing.TempDirectory();
        var secret = outside.WriteFile("secret.txt", "top secret");
        File.CreateSymbolicLink(Project.Combine("link.txt"), secret);

        var direct = await RunAsync($"open({secret.Quote()}).read()");
        var viaLink = await RunAsync("open('link.txt').read()");

        Assert.Equal("FileNotFoundError", direct.Error?.Type);
        Assert.Equal("FileNotFoundError", viaLink.Error?.Type);
        Assert.DoesNotContain("top secret", direct.Stdout + viaLink.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingTheProject_Works_ButWritingIntoItFails()
    {
        Project.WriteFile("src/app.py", "print('hello')");

        var read = await RunAsync("open('src/app.py').read()");
        var write = await RunAsync("open('src/app.py', 'w').write('pwned')");

        Assert.Equal("\"print('hello')\"\n", read.Stdout);
        Assert.Equal("OSError", write.Error?.Type);
        Assert.Equal("print('hello')", File.ReadAllText(Project.Combine("src/app.py")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task StartedByRoot_AProjectOnlyItsOwnerCanRead_IsReadable_ButNotWritable_AndNothingOutsideOpens()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "Only root starts kernels that give up root.");
        Project.WriteFile("src/secret.py", "print('owner only')");
        File.SetUnixFileMode(Project.Combine("src/secret.py"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Project.Combine("src"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Project.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var read = await RunAsync("import os\nprint(os.getuid(), 'src' in os.listdir('.'), open('src/secret.py').read())");
        var child = await RunAsync("import subprocess\nprint(subprocess.run(['cat', 'src/secret.py'], capture_output=True, text=True).stdout)");
        var write = await RunAsync("open('src/secret.py', 'w').write('pwned')");
        var create = await RunAsync("open('new.txt', 'w').write('pwned')");
        // open_by_handle_at would open any file of the project's file system by its handle, past the bind mounts.
        var byHandle = await RunAsync("""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            handle = ctypes.create_string_buffer(8 + 128)
            ctypes.memmove(handle, (128).to_bytes(4, 'little'), 4)
            mount_id = ctypes.c_int()
            assert libc.name_to_handle_at(-100, b'src/secret.py', handle, ctypes.byref(mount_id), 0) == 0, os.strerror(ctypes.get_errno())
            fd = libc.open_by_handle_at(os.open('.', os.O_RDONLY), handle, os.O_RDONLY)
            print(fd, os.strerror(ctypes.get_errno()))
            """);

        Assert.Equal("65534 True print('owner only')\n", read.Stdout);
        Assert.Equal("print('owner only')\n", child.Stdout);
        Assert.Equal("OSError", write.Error?.Type);
        Assert.Equal("OSError", create.Error?.Type);
        Assert.Equal("-1 Operation not permitted\n", byHandle.Stdout);
        Assert.Equal("print('owner only')", File.ReadAllText(Project.Combine("src/secret.py")));
        Assert.False(File.Exists(Project.Combine("new.txt")));
    }

    [Fact]
    public async Task ConnectingToAHostServiceOnLoopback_Fails()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await RunAsync($"import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=3)");

        // Refused (the sandbox has a loopback of its own) or unreachable; not some other failure of the code.
        Assert.Contains(result.Error?.Type, new[] { "ConnectionRefusedError", "OSError", "TimeoutError" });
        Assert.False(listener.Pending(), "the sandbox reached a service on the host's loopback");
    }

    [Fact]
    public async Task TheNetworkNamespace_HasNoInterfaceButLoopback_SoNoExternalAddressIsReachable()
    {
        // Proven without sending anything: the namespace has no route out.
        var result = await RunAsync("import socket\nsorted(name for _, name in socket.if_nameindex())");

        Assert.Equal("['lo']\n", result.Stdout);
    }

    [Fact]
    public async Task HostEnvironmentSecrets_AreNotVisible()
    {
        Environment.SetEnvironmentVariable("MEMFUN_TEST_API_KEY", "sk-test-should-never-leak-123456");

        var result = await RunAsync("import os\nsorted(k for k in os.environ)");

        Assert.DoesNotContain("MEMFUN_TEST_API_KEY", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("OPENAI", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForkBomb_IsRefusedByTheProcessLimit()
    {
        var result = await RunAsync("""
            import os, time
            started = 0
            try:
                for _ in range(500):
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    started += 1
            except OSError as error:
                print('refused after', started, type(error).__name__)
            """);

        Assert.Matches(@"^refused after \d+ BlockingIOError", result.Stdout);
        Assert.True(int.Parse(result.Stdout.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture) < 32);
    }

    [Fact]
    public async Task MemoryBomb_RaisesMemoryError()
    {
        var result = await RunAsync("block = bytearray(2 * 1024 ** 3)", memoryMb: 256);

        Assert.Equal("MemoryError", result.Error?.Type);
    }

    [Fact]
    public async Task InfiniteLoop_IsStoppedAtTheTimeout()
    {
        var result = await RunAsync("while True: pass", TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
    }

    [Fact]
    public async Task HundredMegabyteOutputFlood_IsTruncated()
    {
        var result = await RunAsync("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 1_000_000)", memoryMb: 512);

        Assert.True(result.Truncated);
        Assert.True(result.Stdout.Length < 20_000);
        Assert.Contains("99990000 more characters", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillingTheParent_DoesNotReachTheHost()
    {
        var result = await RunAsync("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)");

        // The signal is refused (the worker runs as another user than its parent) or finds no such process.
        Assert.Contains(result.Error?.Type, new[] { "PermissionError", "ProcessLookupError" });
        Assert.False(Environment.HasShutdownStarted);
    }
}

internal static class PythonLiteral
{
    public static string Quote(this string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
