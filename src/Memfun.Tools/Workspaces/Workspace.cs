using System.Security.Cryptography;
using Memfun.Core.Files;
using Memfun.Core.Processes;
using Memfun.Tools.Files;

namespace Memfun.Tools.Workspaces;

/// <summary>
/// A run's private copy of the project, where its commands run and its staged edits are mirrored: the user's
/// working tree is untouched until they approve the patch. Deleted when disposed.
/// </summary>
/// <remarks>
/// The copy holds the project's files as the agent lists them (<see cref="ProjectFiles"/>: git's tracked and
/// untracked-but-not-ignored files, uncommitted changes included), as regular files: a symbolic link is copied as the
/// file it leads to when that lies inside the project, and left out otherwise. <c>.git/</c> and <c>.memfun/</c> are
/// not copied. When memfun runs as root the copy belongs to the unprivileged user sandboxed commands run as.
/// A <see cref="Deferred"/> workspace copies only when first needed, so a run that never edits or runs a command
/// pays nothing. Thread-safe.
/// </remarks>
public sealed class Workspace : IDisposable
{
    /// <summary>The user sandboxed commands run as when memfun runs as root ("nobody").</summary>
    private const string SandboxOwner = "65534:65534";

    /// <summary>How much of a memory file system's free space a workspace may take.</summary>
    private const double MemoryShare = 0.25;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ProjectPaths? _paths;
    private volatile bool _prepared;

    private Workspace(string projectRoot) => ProjectRoot = projectRoot;

    /// <summary>Gets the project the workspace copies.</summary>
    public string ProjectRoot { get; }

    /// <summary>Gets the workspace's folder.</summary>
    /// <exception cref="InvalidOperationException">The workspace is not prepared yet (<see cref="PrepareAsync"/>).</exception>
    public string Root => _paths?.Root ?? throw new InvalidOperationException("The workspace has not been copied yet: call PrepareAsync first.");

    /// <summary>Gets the number of files copied (0 until <see cref="PrepareAsync"/>).</summary>
    public int FileCount { get; private set; }

    /// <summary>Gets a value indicating whether the project has been copied.</summary>
    public bool IsPrepared => _prepared;

    /// <summary>Copies the project into a new private folder (in memory when a tmpfs has room, else under the system's temporary folder).</summary>
    /// <param name="projectRoot">The project.</param>
    /// <param name="cancellationToken">Cancels the copy; the partial copy is deleted.</param>
    public static async Task<Workspace> CreateAsync(string projectRoot, CancellationToken cancellationToken = default)
    {
        var workspace = Deferred(projectRoot);
        try
        {
            await workspace.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Returns a workspace of the project that is copied by the first <see cref="PrepareAsync"/> or <see cref="WriteAsync"/>.</summary>
    /// <param name="projectRoot">The project.</param>
    public static Workspace Deferred(string projectRoot) => new(new ProjectPaths(projectRoot).Root);

    /// <summary>Copies the project into the workspace, once; later calls return at once.</summary>
    /// <param name="cancellationToken">Cancels the copy; a partial copy is cleared, and the next call starts again.</param>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        if (_prepared)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_prepared)
            {
                FileCount = await CopyAsync(cancellationToken).ConfigureAwait(false);
                _prepared = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> CopyAsync(CancellationToken cancellationToken)
    {
        var project = new ProjectPaths(ProjectRoot);
        // The state folder holds earlier runs' traces and prompts, which sandboxed code must never read.
        var files = (await ProjectFiles.ListAsync(project.Root, cancellationToken).ConfigureAwait(false))
            .Where(f => !f.StartsWith(".memfun/", StringComparison.Ordinal)).ToList();
        var bytes = files.Sum(f => new FileInfo(Path.Combine(project.Root, f)) is { Exists: true } info ? info.Length : 0);
        _paths ??= new ProjectPaths(CreatePrivateFolder(bytes));
        try
        {
            foreach (var folder in files.Select(Path.GetDirectoryName).Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal))
            {
                Directory.CreateDirectory(Path.Combine(Root, folder!));
            }

            var copied = 0;
            await Parallel.ForEachAsync(files, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = 4 }, (relative, _) =>
            {
                var source = project.Resolve(relative);
                if (File.Exists(source))
                {
                    File.Copy(source, Path.Combine(Root, relative));
                    Interlocked.Increment(ref copied);
                }

                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
            await GiveToSandboxAsync(Root, cancellationToken).ConfigureAwait(false);
            return copied;
        }
        catch
        {
            foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo folder)
                {
                    folder.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }

            throw;
        }
    }

    /// <summary>Writes a staged file into the workspace (creating its folders), so the run's commands see it.</summary>
    /// <param name="relativePath">The project-relative path (already checked by the project's write rule).</param>
    /// <param name="content">The whole content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(string relativePath, string content, CancellationToken cancellationToken = default)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await _paths!.WriteAllTextAsync(relativePath, content, cancellationToken).ConfigureAwait(false);
        await GiveToSandboxAsync(Root, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        if (_paths is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_paths.Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// Creates the workspace's folder, readable by its owner only: in memory (<c>$XDG_RUNTIME_DIR</c> or <c>/dev/shm</c>,
    /// when a tmpfs with room for the copy) since copying thousands of small files to disk costs seconds, else in the
    /// system's temporary folder.
    /// </summary>
    private static string CreatePrivateFolder(long bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateTempSubdirectory("memfun-workspace-").FullName;
        }

        foreach (var parent in new[] { Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), "/dev/shm" })
        {
            if (parent is null || !Directory.Exists(parent) || !IsRoomyMemoryFileSystem(parent, bytes))
            {
                continue;
            }

            // An unguessable name in the shared folder: nothing can be planted there in advance (mkdtemp's guarantee).
            var folder = Path.Combine(parent, "memfun-workspace-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            var created = Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (created.LinkTarget is null)
            {
                return created.FullName;
            }
        }

        return Directory.CreateTempSubdirectory("memfun-workspace-").FullName;
    }

    private static bool IsRoomyMemoryFileSystem(string folder, long bytes)
    {
        try
        {
            var drive = new DriveInfo(folder);
            return drive.DriveFormat == "tmpfs" && bytes < drive.AvailableFreeSpace * MemoryShare;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Makes a folder tree belong to the sandbox's user when memfun runs as root, so sandboxed commands may write it.</summary>
    private static async Task GiveToSandboxAsync(string path, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        var chown = await ProcessRunner.TryRunAsync("chown", ["-R", "--no-dereference", SandboxOwner, path], timeout: TimeSpan.FromSeconds(60), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (chown is not { Succeeded: true })
        {
            throw new ToolException($"The workspace could not be handed to the sandbox's user: {chown?.Stderr.Trim() ?? "chown was not found"}.");
        }
    }
}
