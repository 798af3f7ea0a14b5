using System.Runtime.InteropServices;

namespace Memfun.Cli.Infrastructure;

/// <summary>
/// A write-only stream over an inherited file descriptor (standard output or error), written with <c>write(2)</c> on
/// Unix, the way <see cref="Console"/>'s streams write.
/// </summary>
/// <remarks>
/// Not a <see cref="FileStream"/>: on a regular file that one writes at offsets of its own without moving the
/// descriptor's, so <c>(memfun skill list; echo done) &gt; out.txt</c> would have <c>echo</c> overwrite the table. A
/// reader that has gone away (<c>memfun skill list | head -1</c>) ends the output silently, as it ends
/// <see cref="Console"/>'s: the runtime ignores <c>SIGPIPE</c>, so the write fails with <c>EPIPE</c> instead. So does
/// a closed descriptor (<c>memfun --version &gt;&amp;-</c>), as in git and Python: there is nowhere to write, and
/// <see cref="Console"/> would end the process with a stack trace.
/// </remarks>
internal sealed partial class DescriptorStream(int descriptor) : Stream
{
    private const int Interrupted = 4; // EINTR on Linux and macOS
    private const int BrokenPipe = 32; // EPIPE on Linux and macOS
    private const int BadDescriptor = 9; // EBADF on Linux and macOS

    private bool _nowhereToWrite;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Returns whether <paramref name="descriptor"/> is a terminal.</summary>
    public static bool IsTerminal(int descriptor) => IsATty(descriptor) == 1;

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty && !_nowhereToWrite)
        {
            var written = Write(descriptor, buffer, buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error is BrokenPipe or BadDescriptor)
            {
                _nowhereToWrite = true;
            }
            else if (error == TryAgain)
            {
                // A descriptor another program made non-blocking (a shared terminal or pipe): wait for room.
                Thread.Sleep(1);
            }
            else if (error != Interrupted)
            {
                throw new IOException($"Could not write to file descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(error)}", error);
            }
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    // EAGAIN: 11 on Linux, 35 on macOS and the BSDs.
    private static int TryAgain => OperatingSystem.IsLinux() ? 11 : 35;

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int descriptor, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int descriptor);
}
