
namespace Memfun.Sandbox.Tests;

/// <summary>The <see cref="ISandbox"/> behaviour every host must have; subclassed per host.</summary>
public abstract class SandboxConformanceTests : SandboxTestBase
{
    [Fact]
    public async Task Variables_PersistAcrossExecutions()
    {
        var (_, run) = await StartAsync();

        await run("counter = 40\ndef bump(n): return n + 1");
        var result = await run("bump(counter) + 1");

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("42\n", result.Stdout);
    }

    [Fact]
    public async Task StdoutAndStderr_AreCapturedSeparatelyPerExecution()
    {
        var (_, run) = await StartAsync();

        var first = await run("import sys\nprint('out')\nprint('err', file=sys.stderr)");
        var second = await run("print('second')");

        Assert.Equal("out\n", first.Stdout);
        Assert.Equal("err\n", first.Stderr);
        Assert.Equal("second\n", second.Stdout);
        Assert.Equal(string.Empty, second.Stderr);
    }

    [Fact]
    public async Task RawDescriptorWrites_CannotCorruptTheProtocol()
    {
        var (_, run) = await StartAsync();

        var result = await run("import os\nos.write(1, b'{\"type\": \"done\", \"id\": 999}\\n')\nos.write(2, b'noise')\nprint('still fine')");
        var after = await run("1 + 1");

        Assert.Equal("still fine\n", result.Stdout);
        Assert.Equal("2\n", after.Stdout);
    }

    [Fact]
    public async Task Exceptions_ComeBackWithTypeMessageAndTraceback_AndTheKernelLives()
    {
        var (_, run) = await StartAsync();

        var failed = await run("print('before')\ndef f():\n    raise ValueError('bad value')\nf()");
        var syntax = await run("def broken(:");
        var exit = await run("raise SystemExit(3)");
        var after = await run("'alive'");

        Assert.Equal("ValueError", failed.Error?.Type);
        Assert.Equal("bad value", failed.Error?.Message);
        Assert.Contains("in f", failed.Error?.Traceback, StringComparison.Ordinal);
        Assert.Equal("before\n", failed.Stdout);
        Assert.StartsWith("Traceback (most recent call last):\n  File \"<repl>\"", failed.Error?.Traceback, StringComparison.Ordinal);
        Assert.DoesNotContain("<string>", failed.Error?.Traceback, StringComparison.Ordinal);
        Assert.DoesNotContain("in execute", failed.Error?.Traceback, StringComparison.Ordinal);
        Assert.Equal("SyntaxError", syntax.Error?.Type);
        Assert.Equal("SystemExit", exit.Error?.Type);
        Assert.Equal("'alive'\n", after.Stdout);
    }

    [Fact]
    public async Task LongOutput_IsTruncatedWithAVisibleMarker()
    {
        var (_, run) = await StartAsync(Options(outputLimit: 1000));

        var result = await run("print('x' * 50_000)");

        Assert.True(result.Truncated);
        Assert.StartsWith(new string('x', 1000), result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[... output truncated: 49001 more characters not shown ...]", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_StopsTheKernel_AndTheNextExecutionSaysVariablesWereLost()
    {
        var (handle, run) = await StartAsync();
        await run("kept = 1");

        var stuck = await Sandbox.ExecuteAsync(handle, "while True: pass", TimeSpan.FromSeconds(1), Cancellation);
        var after = await run("kept");

        Assert.True(stuck.TimedOut);
        Assert.False(stuck.Succeeded);
        Assert.Contains("variables are lost", stuck.Stderr, StringComparison.Ordinal);
        Assert.Equal("NameError", after.Error?.Type);
        Assert.Contains("the kernel was restarted", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostFunctions_ReturnValuesAndRaiseHostErrors()
    {
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["add"] = (arguments, _) => ValueTask.FromResult(Json(arguments.GetProperty("args").EnumerateArray().Sum(a => a.GetInt32()) + arguments.GetProperty("kwargs").GetProperty("extra").GetInt32())),
            ["fail"] = (_, _) => throw new InvalidOperationException("the host said no"),
        };
        var (_, run) = await StartAsync(Options(functions));

        var sum = await run("add(1, 2, extra=39)");
        var error = await run("try:\n    fail()\nexcept HostError as e:\n    print('caught:', e)");
        var unknown = await run("add(object())");

        Assert.Equal("42\n", sum.Stdout);
        Assert.Equal("caught: the host said no\n", error.Stdout);
        Assert.Equal("TypeError", unknown.Error?.Type);
    }

    [Fact]
    public async Task HostFunctions_RunConcurrentlyWhenTheKernelCallsFromThreads()
    {
        var inFlight = 0;
        var peak = 0;
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["slow"] = async (arguments, token) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(200, token);
                Interlocked.Decrement(ref inFlight);
                return Json(arguments.GetProperty("args")[0].GetInt32() * 2);
            },
        };
        var (_, run) = await StartAsync(Options(functions));

        var result = await run("from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor(8) as pool:\n    print(sorted(pool.map(slow, range(8))))");

        Assert.True(result.Succeeded, $"{result.Error?.Type}: {result.Error?.Message}\n{result.Stderr}");
        Assert.Equal("[0, 2, 4, 6, 8, 10, 12, 14]\n", result.Stdout);
        Assert.True(peak >= 4, $"at most {peak} host calls ran at once");
    }

    [Fact]
    public async Task TheScaffold_IsRestoredAfterCodeOverwritesOrDeletesIt_AndTheCodesOwnNamesStay()
    {
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["llm_query"] = (arguments, _) => ValueTask.FromResult(Json($"answer to {arguments.GetProperty("args")[0].GetString()}")),
            ["SUBMIT"] = (arguments, _) => ValueTask.FromResult(Json($"submitted {arguments.GetProperty("args")[0].GetString()}")),
            ["read_file"] = (_, _) => ValueTask.FromResult(Json("contents")),
        };
        var (_, run) = await StartAsync(Options(functions));

        var broken = await run("mine = 41\ndef helper(): return mine + 1\nllm_query = None\ndel SUBMIT\nread_file = 'shadowed'\nHostError = 0\nprint(llm_query, 'SUBMIT' in globals())");
        var after = await run("print(llm_query('q'), SUBMIT('a'), read_file('x'), helper(), issubclass(HostError, Exception))");

        Assert.Equal("None False\n", broken.Stdout);
        Assert.True(after.Succeeded, $"{after.Error?.Type}: {after.Error?.Message}");
        Assert.Equal("answer to q submitted a contents 42 True\n", after.Stdout);
    }

    [Theory]
    [InlineData("float('nan')", "ValueError")]
    [InlineData("[1, float('inf')]", "ValueError")]
    [InlineData("{1, 2}", "TypeError")]
    [InlineData("object()", "TypeError")]
    [InlineData("{'k': b'bytes'}", "TypeError")]
    public async Task HostCallArguments_ThatAreNotJson_RaiseInTheCode_AndTheKernelLives(string argument, string type)
    {
        var calls = 0;
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["llm_query"] = (_, _) => ValueTask.FromResult(Json($"call {Interlocked.Increment(ref calls)}")),
        };
        var (_, run) = await StartAsync(Options(functions));
        await run("kept = 'still here'");

        var refused = await run($"print('before')\nllm_query({argument})");
        var after = await run("print(kept, llm_query('fine'))");

        Assert.Equal(type, refused.Error?.Type);
        Assert.Contains("llm_query() must be JSON values", refused.Error?.Message, StringComparison.Ordinal);
        Assert.Equal("before\n", refused.Stdout);
        Assert.Equal("still here call 1\n", after.Stdout);
        Assert.DoesNotContain("restarted", after.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeWaitingOnHostCalls_DoesNotCountAgainstTheTimeout()
    {
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            // A slow host call (a model that takes its time): the delay is what is under test, not a synchronisation.
            ["llm_query"] = async (_, token) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3), token);
                return Json("slow answer");
            },
        };
        var (handle, run) = await StartAsync(Options(functions));
        await run("kept = 1");

        var slow = await Sandbox.ExecuteAsync(handle, "reply = llm_query('think hard')\nprint(reply, kept)", TimeSpan.FromSeconds(2), Cancellation);
        var batch = await Sandbox.ExecuteAsync(handle, "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor(2) as pool:\n    print(list(pool.map(llm_query, 'ab')))", TimeSpan.FromSeconds(2), Cancellation);
        var after = await run("print(reply, kept)");
        var stuck = await Sandbox.ExecuteAsync(handle, "while True: pass", TimeSpan.FromSeconds(2), Cancellation);

        Assert.True(slow.Succeeded, $"{slow.Error?.Type}: {slow.Error?.Message} {slow.Stderr}");
        Assert.Equal("slow answer 1\n", slow.Stdout);
        Assert.True(batch.Succeeded, $"{batch.Error?.Type}: {batch.Error?.Message} {batch.Stderr}");
        Assert.Equal("['slow answer', 'slow answer']\n", batch.Stdout);
        Assert.Equal("slow answer 1\n", after.Stdout);
        Assert.True(stuck.TimedOut);
    }

    [Fact]
    public async Task LargeVariables_AreSetWithoutGoingThroughCode()
    {
        var (handle, run) = await StartAsync();
        var context = new string('a', 10_000_000) + "needle";

        await Sandbox.SetVariableAsync(handle, "context", context, Cancellation);
        var result = await run("(len(context), context.index('needle'))");

        Assert.Equal("(10000006, 10000000)\n", result.Stdout);
    }

    [Fact]
    public async Task ManySandboxes_KeepTheirOwnVariablesConcurrently()
    {
        var sandboxes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StartAsync()));

        await Task.WhenAll(sandboxes.Select((s, i) => s.Run($"me = {i}")));
        var results = await Task.WhenAll(sandboxes.Select(s => s.Run("me")));

        Assert.Equal(["0\n", "1\n", "2\n", "3\n"], results.Select(r => r.Stdout));
    }

    [Fact]
    public async Task DestroyedSandbox_CannotBeUsed()
    {
        var (handle, _) = await StartAsync();

        await Sandbox.DestroyAsync(handle, Cancellation);

        await Assert.ThrowsAsync<SandboxException>(async () => await Sandbox.ExecuteAsync(handle, "1", cancellationToken: Cancellation));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
