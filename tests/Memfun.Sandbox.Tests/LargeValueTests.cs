using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace Memfun.Sandbox.Tests;

/// <summary>
/// Large variables reach the kernel through a private read-only folder instead of the protocol pipe: exact values,
/// a folder no other kernel sees, and nothing the code can write through it.
/// </summary>
[Collection(nameof(SecurityTests))]
[UnsupportedOSPlatform("windows")]
public sealed class LargeValueTests : SandboxTestBase
{
    private const string Mixed = "naïve café 日本語 🙂 e\u0301 \u2028 tab\t nul\0 \"quoted\" back\\slash\r\n";

    private static string Value(int chars) => string.Concat(Enumerable.Repeat(Mixed, (chars / Mixed.Length) + 1))[..chars].TrimEnd('\uD83D');

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [Theory]
    [InlineData(40)]
    [InlineData(3_000_000)]
    public async Task AValue_ArrivesByteForByte_IncludingNonAscii(int chars)
    {
        var (handle, run) = await StartAsync();
        var value = Value(chars);

        await Sandbox.SetVariableAsync(handle, "context", value, Cancellation);
        var result = await run("import hashlib\nprint(len(context), hashlib.sha256(context.encode('utf-8')).hexdigest())");

        Assert.Equal($"{value.EnumerateRunes().Count()} {Sha256(value)}\n", result.Stdout);
    }

    [Fact]
    public async Task AValueLargerThanTheKernelMayHold_FailsTheBinding_AndTheKernelLivesOn()
    {
        var (handle, run) = await StartAsync(Options(memoryMb: 128));

        var error = await Assert.ThrowsAsync<SandboxException>(() => Sandbox.SetVariableAsync(handle, "context", new string('x', 160_000_000), Cancellation).AsTask());
        var after = await run("'context' in globals(), 6 * 7");

        Assert.Contains("could not bind 'context'", error.Message, StringComparison.Ordinal);
        Assert.Equal("(False, 42)\n", after.Stdout);
    }

    [Fact]
    public async Task TheValueFolder_IsOnlyThisKernels_OwnerOnly_AndEmptiedOnceTheValueIsBound()
    {
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var functions = new Dictionary<string, SandboxHostFunction>
        {
            ["wait"] = async (_, cancellationToken) =>
            {
                blocked.TrySetResult();
                await release.Task.WaitAsync(cancellationToken);
                return Json(null);
            },
        };
        var (owner, runOwner) = await StartAsync(Options(functions));
        var (_, runOther) = await StartAsync();
        var value = Value(500_000) + Guid.NewGuid().ToString("N");
        var bytes = Encoding.UTF8.GetByteCount(value);

        // The owner is busy, so the value waits in its folder until the kernel reads it.
        var busy = runOwner("wait()");
        await blocked.Task.WaitAsync(Cancellation);
        var setting = Sandbox.SetVariableAsync(owner, "context", value, Cancellation).AsTask();
        var file = await FindValueFileAsync(bytes);
        var folder = Path.GetDirectoryName(file)!;
        var modes = (Folder: File.GetUnixFileMode(folder), File: File.GetUnixFileMode(file));
        var otherSees = await runOther($"import os\nprint(os.listdir('/memfun-values'))\nopen({folder.Quote()} + '/' + {Path.GetFileName(file).Quote()})");
        release.SetResult();
        await busy;
        await setting;
        var ownerHas = await runOwner("print(len(context), os.listdir('/memfun-values') if (os := __import__('os')) else 0)");

        Assert.Equal("[]\n", otherSees.Stdout);
        Assert.Equal("FileNotFoundError", otherSees.Error?.Type);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, modes.Folder);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, modes.File);
        Assert.Equal($"{value.EnumerateRunes().Count()} []\n", ownerHas.Stdout);
        Assert.False(File.Exists(file), "the value file outlived its binding");
        await Sandbox.DestroyAsync(owner, Cancellation);
        Assert.False(Directory.Exists(folder), "the value folder outlived its kernel");
    }

    [Fact]
    public async Task TheCode_CannotWriteLinkOrRenameAnythingThroughTheValueFolder()
    {
        var (handle, run) = await StartAsync();
        await Sandbox.SetVariableAsync(handle, "context", Value(100_000), Cancellation);
        var outside = Project.Combine("planted.txt");

        var result = await run($$"""
            import errno, os
            attempts = {
                'write': lambda: open('/memfun-values/x', 'w').write('pwned'),
                'symlink': lambda: os.symlink({{outside.Quote()}}, '/memfun-values/link'),
                'mkdir': lambda: os.mkdir('/memfun-values/d'),
                'chmod': lambda: os.chmod('/memfun-values', 0o777),
                'rename': lambda: os.rename('/memfun-values', '/moved'),
            }
            for name, attempt in attempts.items():
                try:
                    attempt()
                    print(name, 'succeeded')
                except OSError as error:
                    print(name, errno.errorcode[error.errno])
            """);

        // Renaming the mount point fails as EACCES for a kernel that gave up root, as EBUSY otherwise.
        Assert.Matches("^write EROFS\nsymlink EROFS\nmkdir EROFS\nchmod EROFS\nrename E(ACCES|BUSY)\n$", result.Stdout);
        Assert.False(File.Exists(outside));
    }

    private static FileInfo[] FilesStillThere(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).GetFiles();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static async Task<string> FindValueFileAsync(long bytes)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            // Other kernels (of tests running beside this one) create and remove their folders meanwhile.
            var found = Directory.EnumerateDirectories(Path.GetTempPath(), "memfun-values-*")
                .SelectMany(FilesStillThere)
                .FirstOrDefault(file => file.Exists && file.Length == bytes)?.FullName;
            if (found is not null)
            {
                return found;
            }

            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
