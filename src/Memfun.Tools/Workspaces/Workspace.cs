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

    private readonly ProjectPaths _paths;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _prepared;

    private Workspace(string projectRoot, string root)
    {
        ProjectRoot = projectRoot;
        Root = root;
        _paths = new ProjectPaths(root);
    }

    /// <summary>Gets the project the workspace copies.</summary>
    public string ProjectRoot { get; }

    /// <summary>Gets the workspace's folder (empty until <see cref="PrepareAsync"/>).</summary>
    public string Root { get; }

    /// <summary>Gets the number of files copied (0 until <see cref="PrepareAsync"/>).</summary>
    public int FileCount { get; private set; }

    /// <summary>Gets a value indicating whether the project has been copied.</summary>
    public bool IsPrepared => _prepared;

    /// <summary>Copies the project into a new private folder under the system's temporary folder.</summary>
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

    /// <summary>Creates the workspace's private folder; the project is copied by the first <see cref="PrepareAsync"/> or <see cref="WriteAsync"/>.</summary>
    /// <param name="projectRoot">The project.</param>
    public static Workspace Deferred(string projectRoot)
    {
        var project = new ProjectPaths(projectRoot);
        // mkdtemp: a fresh folder only its owner can open, never one planted in the shared temporary folder.
        return new Workspace(project.Root, Directory.CreateTempSubdirectory("memfun-workspace-").FullName);
    }

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
        await _paths.WriteAllTextAsync(relativePath, content, cancellationToken).ConfigureAwait(false);
        await GiveToSandboxAsync(Root, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
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
