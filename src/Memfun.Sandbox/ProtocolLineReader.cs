using System.Buffers;
using System.IO.Pipelines;

namespace Memfun.Sandbox;

/// <summary>
/// Reads the kernel's newline-delimited messages with a length cap: a line longer than
/// <see cref="KernelScript.MaxLineBytes"/> is refused as soon as that many bytes arrive without a newline,
/// so a kernel that never ends its line cannot grow the host's memory.
/// </summary>
internal sealed class ProtocolLineReader(Stream stream) : IAsyncDisposable
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));

    /// <summary>Reads lines and hands each (without its newline) to <paramref name="handle"/>, until the stream ends.</summary>
    /// <exception cref="KernelProtocolException">A line is longer than the cap.</exception>
    public async Task ReadAllAsync(Action<ReadOnlySequence<byte>> handle, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    CheckLength(line.Length);
                    handle(line);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }

                CheckLength(buffer.Length);
                if (result.IsCompleted)
                {
                    // A partial last line is what a dying kernel leaves behind: the end of the stream, not a message.
                    return;
                }
            }
            finally
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    private static void CheckLength(long length)
    {
        if (length > KernelScript.MaxLineBytes)
        {
            throw new KernelProtocolException($"a line of more than {KernelScript.MaxLineBytes} bytes (the limit of one message)");
        }
    }
}
