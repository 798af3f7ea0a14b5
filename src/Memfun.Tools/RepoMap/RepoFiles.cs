using Memfun.Core.Files;
using Memfun.Core.Processes;

namespace Memfun.Tools.RepoMap;

/// <summary>Lists the files a repository map covers: <c>rg --files</c> (so <c>.gitignore</c> applies), or a plain walk.</summary>
internal static class RepoFiles
{
    /// <summary>Returns the project's files relative to the root with '/' separators, sorted; symbolic links are never followed.</summary>
    public static async Task<List<string>> ListAsync(ProjectPaths paths, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // rg --files honours .gitignore and is the fastest walker available; fall back to a plain walk.
        var result = await ProcessRunner.TryRunAsync("rg", ["--files", "--no-config"], paths.Root, timeout, cancellationToken).ConfigureAwait(false);
        if (result is { ExitCode: 0 or 1, TimedOut: false })
        {
            return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace('\\', '/')).Order(StringComparer.Ordinal)];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden };
        return [.. Directory.EnumerateFiles(paths.Root, "*", options).Select(paths.Relative)
            .Where(p => !p.StartsWith(".git/", StringComparison.Ordinal) && !p.StartsWith(".memfun/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
