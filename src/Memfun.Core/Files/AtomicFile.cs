using System.Security.Cryptography;

namespace Memfun.Core.Files;

/// <summary>Replaces a file atomically: a fresh temporary file in the same folder, written, then renamed over the target.</summary>
/// <remarks>
/// Security: the temporary file has a random name and is created exclusively (<see cref="FileMode.CreateNew"/>, which is
/// <c>O_CREAT|O_EXCL</c> and never follows a link), so a file or symbolic link planted in the folder is never written
/// through; the rename replaces the target's directory entry instead of following a link there.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <param name="path">The file (its folder must exist).</param>
    /// <param name="bytes">The new content.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then unchanged.</param>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".memfun-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var created = false;
        try
        {
            var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            });
            created = true;
            await using (stream.ConfigureAwait(false))
            {
                // A replaced file keeps its permissions (an executable script stays executable).
                if (!OperatingSystem.IsWindows() && File.Exists(path))
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(path));
                }

                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch when (created)
        {
            File.Delete(temporary);
            throw;
        }
    }
}
