using System.Runtime.Versioning;
using Memfun.Sandbox.Local;
using Memfun.Testing;

namespace Memfun.Sandbox.Tests;

/// <summary>The interpreter's discovery is remembered between runs, and asked again when the files it came from change.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class PythonInstallTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    /// <summary>A <c>python3</c> that counts how often it is asked, then runs the real interpreter.</summary>
    private async Task<(string Command, Func<int> Asked)> CountingPythonAsync()
    {
        var real = (await PythonInstall.FindAsync("python3", cacheFile: null, Cancellation)).Executable;
        var count = _folder.Combine("asked.txt");
        var command = _folder.WriteFile("bin/python3", $"#!/bin/sh\necho x >> '{count}'\nexec '{real}' \"$@\"\n");
        File.SetUnixFileMode(command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (command, () => File.Exists(count) ? File.ReadAllLines(count).Length : 0);
    }

    [Fact]
    public async Task ASecondDiscovery_IsAnsweredFromTheCache_WithoutStartingPython()
    {
        var (command, asked) = await CountingPythonAsync();
        var cache = _folder.Combine("cache/python.json");

        var first = await PythonInstall.FindAsync(command, cache, Cancellation);
        var second = await PythonInstall.FindAsync(command, cache, Cancellation);

        Assert.Equal(first, second);
        Assert.Equal(1, asked());
        Assert.True(File.Exists(first.Executable));
    }

    [Fact]
    public async Task AChangedCommand_OrAnUnreadableCache_IsAskedAgain()
    {
        var (command, asked) = await CountingPythonAsync();
        var cache = _folder.Combine("cache/python.json");
        await PythonInstall.FindAsync(command, cache, Cancellation);

        File.SetLastWriteTimeUtc(command, DateTime.UtcNow.AddMinutes(-5));
        await PythonInstall.FindAsync(command, cache, Cancellation);
        File.WriteAllText(cache, "{ not json");
        var again = await PythonInstall.FindAsync(command, cache, Cancellation);

        Assert.Equal(3, asked());
        Assert.True(File.Exists(again.Executable));
    }
}
