using System.Buffers;
using System.Text;

namespace Memfun.Sandbox;

/// <summary>
/// One kernel's private folder for large values: the host writes a value there as a UTF-8 file and the kernel reads
/// (memory-maps) it, instead of the value travelling as JSON through the protocol pipe.
/// </summary>
/// <remarks>
/// Security: the folder is created owner-only (0700) under the temporary folder, one per kernel, and mounted
/// read-only into that kernel alone at <see cref="KernelPath"/>, so other kernels and other users cannot see it and
/// the kernel's code cannot write, link or rename anything in it. Names come from the host (random), never from the
/// kernel, and files are created exclusively (an existing entry, even a link, is refused), so the host writes only
/// inside its own folder.
/// </remarks>
internal sealed class ValueDrop : IDisposable
{
    /// <summary>Where a bubblewrap kernel sees its folder.</summary>
    public const string KernelPath = "/memfun-values";

    /// <summary>Values shorter than this (in UTF-16 units) still go through the pipe, where they cost less than a file.</summary>
    public const int MinimumChars = 64 * 1024;

    private const int ChunkChars = 1 << 20;

    private ValueDrop(string hostPath) => HostPath = hostPath;

    /// <summary>Gets the folder on the host.</summary>
    public string HostPath { get; }

    /// <summary>Creates a fresh owner-only folder.</summary>
    public static ValueDrop Create() => new(Directory.CreateTempSubdirectory("memfun-values-").FullName);

    /// <summary>Writes <paramref name="value"/> as UTF-8 to a new file and returns its name (not its path).</summary>
    public async Task<string> WriteAsync(string value, CancellationToken cancellationToken)
    {
        var name = Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var encoder = new UTF8Encoding(false).GetEncoder();
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(ChunkChars));
        try
        {
            await using var file = new FileStream(Path.Combine(HostPath, name), options);
            for (var start = 0; start < value.Length; start += ChunkChars)
            {
                var chunk = value.AsMemory(start, Math.Min(ChunkChars, value.Length - start));
                var bytes = encoder.GetBytes(chunk.Span, buffer, flush: start + chunk.Length == value.Length);
                await file.WriteAsync(buffer.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            Delete(name);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return name;
    }

    /// <summary>Removes a value file once the kernel has read it.</summary>
    public void Delete(string name)
    {
        try
        {
            File.Delete(Path.Combine(HostPath, name));
        }
        catch (IOException)
        {
            // Removed with the folder when the kernel stops.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(HostPath, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or a file is still open; the system's temporary-file cleanup takes it.
        }
    }
}
