using System.Net.Sockets;
using System.Runtime.Versioning;
using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Sandbox.Local;
using Memfun.Testing;

namespace Memfun.Sandbox.Tests;

/// <summary>The local sandbox requires bubblewrap, unless the user opts out with <c>[sandbox] isolation = "none"</c>.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class IsolationTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutBubblewrap_TheLocalSandboxRefusesToStart_AndSaysHowToInstallItOrOptOut()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-bubblewrap-{Guid.NewGuid():N}", "bwrap");

        var error = await Assert.ThrowsAsync<SandboxException>(() => LocalSandbox.OpenAsync(SandboxIsolationMode.Bubblewrap, missing, Cancellation));

        Assert.Equal(MemfunErrorCodes.SandboxUnavailable, error.ErrorCode);
        Assert.Contains("will not run code without isolation", error.Message, StringComparison.Ordinal);
        Assert.Contains($"bubblewrap ({missing}) is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install bubblewrap", error.Hint, StringComparison.Ordinal);
        Assert.Contains("isolation = \"none\"", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABubblewrapThatCannotCreateNamespaces_IsRefusedToo()
    {
        // A real program in bubblewrap's place that fails the probe, as bwrap does where user namespaces are off.
        var error = await Assert.ThrowsAsync<SandboxException>(() => LocalSandbox.OpenAsync(SandboxIsolationMode.Bubblewrap, "false", Cancellation));

        Assert.Equal(MemfunErrorCodes.SandboxUnavailable, error.ErrorCode);
        Assert.Contains("cannot create namespaces here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuccessfulProbe_IsRemembered_UntilBubblewrapChanges()
    {
        using var folder = new TempDirectory();
        var (bubblewrap, calls) = LoggingBubblewrap(folder, $"exec '{ProgramPath.Find("bwrap")}' \"$@\"");
        var cache = folder.Combine("cache/bubblewrap.txt");

        for (var i = 0; i < 2; i++)
        {
            await using var sandbox = await LocalSandbox.OpenAsync(SandboxIsolationMode.Bubblewrap, bubblewrap, cache, Cancellation);
        }

        Assert.Single(File.ReadAllLines(calls));

        File.AppendAllText(bubblewrap, "# upgraded\n");
        await using (await LocalSandbox.OpenAsync(SandboxIsolationMode.Bubblewrap, bubblewrap, cache, Cancellation))
        {
            Assert.Equal(2, File.ReadAllLines(calls).Length);
        }
    }

    [Fact]
    public async Task AFailedProbe_IsNeverRemembered()
    {
        using var folder = new TempDirectory();
        var (bubblewrap, calls) = LoggingBubblewrap(folder, "echo 'no namespaces' >&2; exit 1");
        var cache = folder.Combine("cache/bubblewrap.txt");

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<SandboxException>(() => LocalSandbox.OpenAsync(SandboxIsolationMode.Bubblewrap, bubblewrap, cache, Cancellation));
        }

        Assert.Equal(2, File.ReadAllLines(calls).Length);
        Assert.False(File.Exists(cache));
    }

    [Fact]
    public async Task AWrongProbeCache_FailsLoudlyAtTheKernelStart_WithoutRunningCodeUnisolated()
    {
        // The cache says the probe passed, but this bubblewrap cannot isolate anything: the code must not run at all.
        using var folder = new TempDirectory();
        using var project = new TempDirectory();
        var (bubblewrap, calls) = LoggingBubblewrap(folder, "echo 'bwrap: No permissions to create new namespace' >&2; exit 1");
        var cache = folder.Combine("bubblewrap.txt");
        File.WriteAllText(cache, LocalSandbox.ProbeKey(bubblewrap));

        await using var sandbox = await LocalSandbox.OpenAsync(SandboxIsolationMode.Bubblewrap, bubblewrap, cache, Cancellation);
        var error = await Assert.ThrowsAsync<SandboxException>(async () => await sandbox.CreateAsync(new SandboxOptions { ProjectRoot = project.Path }, Cancellation));

        Assert.Equal(SandboxIsolation.Bubblewrap, sandbox.Isolation);
        Assert.Equal(MemfunErrorCodes.SandboxUnavailable, error.ErrorCode);
        Assert.Contains("No permissions to create new namespace", error.Message, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(calls));
    }

    // A program in bubblewrap's place that logs each call (one line) and then runs body.
    private static (string Path, string Calls) LoggingBubblewrap(TempDirectory folder, string body)
    {
        var path = folder.Combine("bwrap");
        var calls = folder.Combine("calls.log");
        File.WriteAllText(path, $"#!/bin/sh\necho called >> '{calls}'\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (path, calls);
    }

    [Fact]
    public async Task IsolationNone_IsAnExplicitOptIn_ThatRunsCodeWithALoudWarning_AndStillRefusesUnixSockets()
    {
        using var project = new TempDirectory();
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(project.Combine("service.sock")));
        server.Listen(1);
        var settings = new SandboxSettings { Isolation = SandboxIsolationMode.None };

        await using var sandbox = await SandboxFactory.OpenAsync(settings, Cancellation);
        var handle = await sandbox.CreateAsync(SandboxFactory.Options(settings, project.Path), Cancellation);
        var first = await sandbox.ExecuteAsync(handle, "6 * 7", cancellationToken: Cancellation);
        var second = await sandbox.ExecuteAsync(handle, "import socket\nsocket.socket(socket.AF_UNIX).connect('service.sock')", cancellationToken: Cancellation);

        Assert.Equal(SandboxIsolation.ResourceLimitsOnly, Assert.IsType<LocalSandbox>(sandbox).Isolation);
        Assert.Equal("42\n", first.Stdout);
        Assert.Contains("WARNING: isolation is off ([sandbox] isolation = \"none\")", first.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", second.Stderr, StringComparison.Ordinal);
        Assert.Equal("PermissionError", second.Error?.Type);
        Assert.False(server.Poll(0, SelectMode.SelectRead), "the sandbox reached the unix socket server");
    }
}
