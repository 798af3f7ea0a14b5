using Memfun.Tools.Files;
using Memfun.Tools.Permissions;
using Memfun.Tools.Web;

namespace Memfun.Tools;

/// <summary>What every built-in tool acts on and is allowed to do.</summary>
/// <remarks>Immutable; one context is shared by every tool of a gateway or agent session.</remarks>
public sealed record ToolContext
{
    private readonly TrustPolicy? _policy;

    /// <summary>Gets the project root; file, search, git and repository-map tools never leave it.</summary>
    public required string ProjectRoot { get; init; }

    /// <summary>
    /// Gets a value indicating whether the session allows writes (write, edit, commit): the operator's <see cref="Policy"/>
    /// is made from it unless a policy is given.
    /// </summary>
    public bool AllowWrites { get; init; }

    /// <summary>Gets the policy every tool of the context is decided by (the operator's, with <see cref="AllowWrites"/>, unless set).</summary>
    public TrustPolicy Policy
    {
        get => _policy ?? TrustPolicy.Operator(AllowWrites);
        init => _policy = value;
    }

    /// <summary>
    /// Gets the overlay of an agent run: when set, reads see its staged edits and <c>write_file</c>/<c>edit_file</c> stage
    /// there instead of writing, so the disk changes only when the user approves the diff.
    /// </summary>
    public PendingEdits? Edits { get; init; }

    /// <summary>Gets the web fetch and search settings.</summary>
    public WebSettings Web { get; init; } = new();

    /// <summary>Gets the environment variables API keys are read from (by the names in the configuration).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Gets the largest file the read tool returns, in bytes (larger files are read by line range).</summary>
    public int MaxReadBytes { get; init; } = 256 * 1024;

    /// <summary>Gets the most matches a search returns.</summary>
    public int MaxSearchResults { get; init; } = 200;

    /// <summary>Gets the timeout of one external program (rg, ast-grep, git, ctags).</summary>
    public TimeSpan ProcessTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the folder the repository map cache is kept in (default <c>.memfun/cache</c> under the root).</summary>
    public string? CacheDirectory { get; init; }
}
