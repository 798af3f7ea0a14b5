using System.Diagnostics;
using System.Text;
using Memfun.Core.Errors;
using Memfun.Sandbox.Local;
using Memfun.Testing;

namespace Memfun.Sandbox.Tests;

/// <summary>
/// The host's own defences, against a kernel whose protocol process is itself hostile (as if user code had taken
/// it over): real processes that speak the protocol badly on the host channel.
/// </summary>
[Collection(nameof(SecurityTests))]
public sealed class KernelConnectionTests
{
    private const string RogueKernel = """
        import json, sys
        def send(message):
            sys.stdout.write(json.dumps(message) + '\n')
            sys.stdout.flush()
        send({'type': 'ready'})
        bind = json.loads(sys.stdin.readline())
        send({'type': 'done', 'id': bind['id'], 'stdout': '', 'stderr': '', 'error': None, 'truncated': False, 'elapsed_ms': 0})
        sys.stdin.readline()

        """;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static async Task<KernelConnection> StartRogueAsync(string attack, IReadOnlyDictionary<string, SandboxHostFunction>? functions = null)
    {
        var python = await PythonInstall.FindAsync(Cancellation);
        var start = new ProcessStartInfo(python.Executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, StandardInputEncoding = new UTF8Encoding(false) };
        foreach (var argument in new[] { "-I", "-c", RogueKernel + attack + "\nsys.stdin.readline()\n" })
        {
            start.ArgumentList.Add(argument);
        }

        var kernel = await KernelConnection.OpenAsync(ProcessKernelTransport.Start(start), Cancellation);
        await kernel.BindAsync(functions ?? new Dictionary<string, SandboxHostFunction> { ["tool"] = (_, _) => ValueTask.FromResult(default(System.Text.Json.JsonElement)) }, Cancellation);
        return kernel;
    }

    private static async Task<SandboxException> ViolationAsync(KernelConnection kernel)
    {
        var error = await Assert.ThrowsAsync<SandboxException>(() => kernel.ExecuteAsync("1", TimeSpan.FromSeconds(60), Cancellation));
        Assert.Equal(MemfunErrorCodes.SandboxProtocolViolation, error.ErrorCode);
        Assert.True(kernel.HasExited);
        return error;
    }

    [Theory]
    [InlineData("sys.stdout.write('garbage\\n')\nsys.stdout.flush()", "a line that is not JSON")]
    [InlineData("send([1, 2, 3])", "a message that is not a JSON object")]
    [InlineData("send({'type': 'shell', 'command': 'id'})", "an unexpected message type 'shell'")]
    [InlineData("send({'type': 'done', 'id': 999, 'stdout': '', 'stderr': '', 'error': None, 'truncated': False, 'elapsed_ms': 0})", "a 'done' for request 999, which is not pending")]
    [InlineData("send({'type': 'done', 'id': 2, 'stdout': 42, 'stderr': '', 'error': None, 'truncated': False, 'elapsed_ms': 0})", "'stdout' is not a string")]
    [InlineData("send({'type': 'call', 'call_id': 1, 'name': 'shell', 'args': [], 'kwargs': {}})", "a call to 'shell', which is not a host function")]
    [InlineData("send({'type': 'call', 'call_id': 'x', 'name': 'tool', 'args': [], 'kwargs': {}})", "'call_id' is not a whole number")]
    [InlineData("sys.stdout.write('[' * 100000 + '\\n')\nsys.stdout.flush()", "a line that is not JSON")]
    public async Task AProtocolViolation_StopsTheKernelWithAClearError(string attack, string reason)
    {
        await using var kernel = await StartRogueAsync(attack);

        var error = await ViolationAsync(kernel);

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessLine_IsRefusedAtTheCap_WithoutGrowingHostMemory()
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        await using var kernel = await StartRogueAsync("chunk = 'x' * 65536\nwhile True:\n    sys.stdout.write(chunk)");

        var error = await ViolationAsync(kernel);

        Assert.Contains($"a line of more than {KernelScript.MaxLineBytes} bytes", error.Message, StringComparison.Ordinal);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(allocated < 8L * KernelScript.MaxLineBytes, $"the host allocated {allocated:N0} bytes reading one refused line");
    }

    [Theory]
    [InlineData("for i in range(1, 101):\n    send({'type': 'call', 'call_id': i, 'name': 'tool', 'args': [], 'kwargs': {}})", "more than 16 host calls at once")]
    [InlineData("for _ in range(2):\n    send({'type': 'call', 'call_id': 7, 'name': 'tool', 'args': [], 'kwargs': {}})", "a second call with id 7 while the first is unanswered")]
    public async Task ExcessOrForgedCalls_StartNoMoreHostCallsThanTheLimit(string attack, string reason)
    {
        var started = 0;
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["tool"] = async (_, token) =>
            {
                Interlocked.Increment(ref started);
                await Task.Delay(Timeout.Infinite, token);
                return default;
            },
        };
        await using var kernel = await StartRogueAsync(attack, functions);

        var error = await ViolationAsync(kernel);

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.InRange(started, 1, KernelScript.MaxConcurrentHostCalls);
    }

    [Fact]
    public async Task TheRealKernel_KeepsItsChannelFromUserCodeOfTheSameUser()
    {
        // Without bubblewrap and with both processes as one unprivileged user: only the kernel's own defences
        // (a non-dumpable protocol process, a worker without its descriptors) stand between the code and the channel.
        using var project = new TempDirectory();
        var options = new SandboxOptions { ProjectRoot = project.Path, MemoryMb = 512 };
        var start = new ProcessStartInfo { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, StandardInputEncoding = new UTF8Encoding(false), WorkingDirectory = "/" };
        if (Environment.IsPrivilegedProcess)
        {
            start.FileName = "setpriv";
            foreach (var argument in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", "/usr/bin/python3" })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = (await PythonInstall.FindAsync(Cancellation)).Executable;
        }

        foreach (var argument in KernelScript.Arguments(options, runAsUid: null))
        {
            start.ArgumentList.Add(argument);
        }

        await using var kernel = await KernelConnection.OpenAsync(ProcessKernelTransport.Start(start), Cancellation);
        var result = await kernel.ExecuteAsync("""
            import os
            parent = os.getppid()
            mine = sorted(os.readlink('/proc/self/fd/' + n) for n in os.listdir('/proc/self/fd') if int(n) > 2 and os.path.exists('/proc/self/fd/' + n))
            print(os.getuid() == os.stat('/proc/%d' % parent).st_uid, len(mine), all(link.startswith('pipe:') for link in mine))
            for path in ['/proc/%d/fd' % parent, '/proc/%d/fd/1' % parent, '/proc/%d/mem' % parent]:
                try:
                    (os.listdir if path.endswith('/fd') else lambda p: os.close(os.open(p, os.O_WRONLY)))(path)
                    print('reached', path)
                except OSError as error:
                    print('refused', type(error).__name__)
            """, TimeSpan.FromSeconds(60), Cancellation);

        Assert.Null(result.Error);
        Assert.Equal("True 2 True\nrefused PermissionError\nrefused PermissionError\nrefused PermissionError\n", result.Stdout);
    }
}
