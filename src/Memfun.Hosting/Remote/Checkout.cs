using Memfun.Core.Errors;
using Memfun.Core.Processes;
using Memfun.Runtime.Errors;

namespace Memfun.Hosting.Remote;

/// <summary>The commit of a git checkout: what a submitter names, and what a worker checks before it runs a task.</summary>
public static class Checkout
{
    /// <summary>Returns the commit <c>HEAD</c> is at, or null when <paramref name="root"/> is not a git checkout with a commit.</summary>
    /// <param name="root">The checkout's root.</param>
    /// <param name="cancellationToken">Cancels git.</param>
    public static async Task<string?> HeadAsync(string root, CancellationToken cancellationToken = default)
    {
        var git = await ProcessRunner.TryRunAsync("git", ["rev-parse", "HEAD"], root, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return git is { Succeeded: true } ? git.Stdout.Trim() : null;
    }

    /// <summary>Checks that the checkout at <paramref name="root"/> is at <paramref name="commit"/> (nothing to check when null).</summary>
    /// <param name="root">The worker's checkout.</param>
    /// <param name="commit">The commit the task names.</param>
    /// <param name="cancellationToken">Cancels git.</param>
    /// <exception cref="AgentException">The checkout is at another commit, or is not a git checkout.</exception>
    public static async Task VerifyAsync(string root, string? commit, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(commit))
        {
            return;
        }

        var head = await HeadAsync(root, cancellationToken).ConfigureAwait(false)
            ?? throw new AgentException(MemfunErrorCodes.AgentFailure, $"The task is for commit {commit}, but the worker's repository {root} is not a git checkout with a commit.")
            {
                Hint = "Start the worker with --repo pointing at a clone of the repository.",
            };
        if (!string.Equals(head, commit, StringComparison.OrdinalIgnoreCase))
        {
            throw new AgentException(MemfunErrorCodes.AgentFailure, $"The task is for commit {commit}, but the worker's checkout {root} is at {head}.")
            {
                Hint = $"Bring the worker's checkout to that commit (git fetch && git checkout {commit}), or submit from the commit the workers have.",
            };
        }
    }
}
