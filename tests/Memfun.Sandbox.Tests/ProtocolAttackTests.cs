using System.Net.Sockets;
using Memfun.Core.Errors;

namespace Memfun.Sandbox.Tests;

/// <summary>
/// Code that attacks the kernel's channel to the host, the project's <c>.memfun/</c> folder, or a host service
/// behind a unix socket in the project — each from inside a real kernel under bubblewrap. Every protocol attack
/// must end only that kernel, with an error the model sees, and the next execution must get a fresh kernel.
/// </summary>
[Collection(nameof(SecurityTests))]
public sealed class ProtocolAttackTests : SandboxTestBase
{
    // Every pipe the user code's process holds: its own channel to the kernel's protocol process.
    private const string ChannelFds = """
        import os
        def channel_fds():
            found = []
            for name in os.listdir('/proc/self/fd'):
                try:
                    if int(name) > 2 and os.readlink('/proc/self/fd/' + name).startswith('pipe:'):
                        found.append(int(name))
                except OSError:
                    pass
            return found
        def write_all(data):
            for fd in channel_fds():
                try:
                    os.write(fd, data)
                except OSError:
                    pass

        """;

    private static void AssertViolation(ExecutionResult result, string reason)
    {
        Assert.Equal("ProtocolViolation", result.Error?.Type);
        Assert.Contains(MemfunErrorCodes.SandboxProtocolViolation, result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertFreshKernelAsync(Func<string, Task<ExecutionResult>> run)
    {
        var after = await run("kept");
        Assert.Equal("NameError", after.Error?.Type);
        Assert.Contains("the kernel was restarted", after.Stderr, StringComparison.Ordinal);
        Assert.Equal("2\n", (await run("1 + 1")).Stdout);
    }

    [Fact]
    public async Task GarbageOnTheChannel_StopsOnlyThatKernel_AndTheNextExecutionGetsAFreshOne()
    {
        var (_, run) = await StartAsync();
        await run("kept = 1");

        var result = await run(ChannelFds + "write_all(b'this is not json\\n')\nimport time\ntime.sleep(30)");

        AssertViolation(result, "a line that is not JSON");
        await AssertFreshKernelAsync(run);
    }

    [Fact]
    public async Task EndlessLine_IsRefusedAtTheCap()
    {
        var (_, run) = await StartAsync();
        await run("kept = 1");

        var result = await run(ChannelFds + "chunk = b'x' * (1 << 20)\nfor _ in range(64):\n    write_all(chunk)");

        AssertViolation(result, $"a line of more than {KernelScript.MaxLineBytes} bytes");
        await AssertFreshKernelAsync(run);
    }

    [Fact]
    public async Task FloodOfForgedCalls_StartsNoMoreHostCallsThanTheLimit_AndCancelsThem()
    {
        var started = 0;
        var cancelled = 0;
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["run_tool"] = async (_, token) =>
            {
                Interlocked.Increment(ref started);
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }

                return Json(null);
            },
        };
        var (_, run) = await StartAsync(Options(functions));
        await run("kept = 1");

        var forged = string.Concat(Enumerable.Range(1, 1000).Select(i => $"{{\"type\": \"call\", \"call_id\": {i}, \"name\": \"run_tool\", \"args\": [], \"kwargs\": {{}}}}\\n"));
        var result = await run(ChannelFds + $"write_all(b'{forged}')\nimport time\ntime.sleep(30)");

        AssertViolation(result, $"more than {KernelScript.MaxConcurrentHostCalls} host calls at once");
        Assert.InRange(started, 1, KernelScript.MaxConcurrentHostCalls);
        Assert.Equal(started, cancelled);
        await AssertFreshKernelAsync(run);
    }

    [Fact]
    public async Task ForgedCallToAnUnboundFunction_IsAViolation()
    {
        var (_, run) = await StartAsync();

        var result = await run(ChannelFds + "write_all(b'{\"type\": \"call\", \"call_id\": 1, \"name\": \"shell\", \"args\": [\"rm -rf /\"], \"kwargs\": {}}\\n')\nimport time\ntime.sleep(30)");

        AssertViolation(result, "a call to 'shell', which is not a host function");
    }

    [Fact]
    public async Task TheProtocolProcess_IsOutOfReach()
    {
        var (_, run) = await StartAsync();

        var result = await run("""
            import os
            parent = os.getppid()
            # Started by root, the worker keeps CAP_DAC_READ_SEARCH and may list the fd folder (numbers only);
            # following or opening a descriptor, or the memory, is what would reach the channel.
            for path in ['/proc/%d/fd/0' % parent, '/proc/%d/fd/1' % parent, '/proc/%d/mem' % parent]:
                try:
                    (os.readlink if path.endswith('/0') else lambda p: os.close(os.open(p, os.O_WRONLY)))(path)
                    print('reached', path)
                except OSError as error:
                    print('refused', type(error).__name__)
            """);

        Assert.Equal("refused PermissionError\nrefused PermissionError\nrefused PermissionError\n", result.Stdout);
    }

    [Fact]
    public async Task TheStateFolder_IsEmptyInsideTheSandbox_EvenForFilesWrittenAfterTheKernelStarted()
    {
        Project.WriteFile(".memfun/traces/run-1.jsonl", "{\"prompt\": \"the secret prompt of an earlier run\"}");
        Project.WriteFile(".memfun/memfun.db", "SQLite format 3");
        Project.WriteFile("src/app.py", "print('hello')");
        File.CreateSymbolicLink(Project.Combine("traces-link"), Project.Combine(".memfun/traces"));
        var (_, run) = await StartAsync();
        Project.WriteFile(".memfun/logs/later.log", "written after the kernel started");

        var listing = await run("import os\n(os.listdir('.memfun'), os.path.exists('traces-link'), os.path.exists('src/app.py'))");
        var trace = await run("open('.memfun/traces/run-1.jsonl').read()");

        Assert.Equal("([], False, True)\n", listing.Stdout);
        Assert.Equal("FileNotFoundError", trace.Error?.Type);
        Assert.Equal("written after the kernel started", File.ReadAllText(Project.Combine(".memfun/logs/later.log")));
    }

    [Fact]
    public async Task TheStateFolder_IsHiddenWhenItDidNotExistBeforeTheKernel()
    {
        Assert.False(Directory.Exists(Project.Combine(".memfun")));
        var (_, run) = await StartAsync();
        Project.WriteFile(".memfun/traces/run-2.jsonl", "a trace written later");

        var result = await run("import os\nos.listdir('.memfun')");

        Assert.Equal("[]\n", result.Stdout);
    }

    [Fact]
    public async Task AUnixSocketServerInsideTheProject_CannotBeReached()
    {
        var path = Project.Combine("service.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.Listen(8);
        var (_, run) = await StartAsync();

        var result = await run("""
            import socket
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.connect('service.sock')
            client.sendall(b'GET /secrets')
            """);
        var pair = await run("import socket\na, b = socket.socketpair()\na.sendall(b'ok')\nb.recv(2)");

        Assert.Equal("PermissionError", result.Error?.Type);
        Assert.False(server.Poll(0, SelectMode.SelectRead), "the sandbox reached the unix socket server");
        Assert.Equal("b'ok'\n", pair.Stdout);
    }
}
