using Memfun.Agent;
using Memfun.Llm;
using Memfun.Runtime;
using Memfun.Sandbox;
using Memfun.Tools.Mcp;
using Memfun.Tools.Web;

namespace Memfun.Hosting.Configuration;

/// <summary>
/// The effective, immutable configuration: built-in defaults, then the user file, the project's
/// <c>memfun.toml</c>, <c>MEMFUN_*</c> environment variables and command-line flags. Load it with
/// <see cref="ConfigLoader"/>.
/// </summary>
public sealed record MemfunConfig
{
    /// <summary>Gets the <c>[llm]</c> section.</summary>
    public LlmSettings Llm { get; init; } = new();

    /// <summary>Gets the <c>[backend]</c> section.</summary>
    public BackendSettings Backend { get; init; } = new();

    /// <summary>Gets the <c>[sandbox]</c> section.</summary>
    public SandboxSettings Sandbox { get; init; } = new();

    /// <summary>Gets the <c>[agent]</c> section.</summary>
    public AgentSettings Agent { get; init; } = new();

    /// <summary>Gets the <c>[project]</c> section.</summary>
    public ProjectSettings Project { get; init; } = new();

    /// <summary>Gets the <c>[web]</c> section.</summary>
    public WebSettings Web { get; init; } = new();

    /// <summary>Gets the <c>[mcp]</c> section.</summary>
    public McpSettings Mcp { get; init; } = new();

    /// <summary>Gets the project root: the folder of <c>memfun.toml</c>, else of the enclosing git repository, else the working directory.</summary>
    public string ProjectRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Gets the project's <c>memfun.toml</c>, if one was found.</summary>
    public string? ProjectFile { get; init; }

    /// <summary>Gets the user's configuration file, if one was found.</summary>
    public string? UserFile { get; init; }

    /// <summary>
    /// Gets the settings of the project's <c>memfun.toml</c> that were ignored because they need a trusted file (a key
    /// that <see cref="ConfigKey.RequiresTrust"/>, or a limit loosened, see <see cref="ConfigKey.Limit"/>) and the user
    /// has not trusted it as it is (<see cref="ProjectTrust"/>).
    /// </summary>
    public IReadOnlyList<ConfigEntry> UntrustedSettings { get; init; } = [];

    /// <summary>Gets the settings of the project's <c>memfun.toml</c> that need a trusted file and apply because the user trusted it.</summary>
    public IReadOnlyList<ConfigEntry> TrustedSettings { get; init; } = [];

    /// <summary>Gets every effective value with its source, in schema order.</summary>
    /// <remarks>Listed when first read: only <c>config show</c> reads them, and reading every key would cost every command's start (issue 20).</remarks>
    public IReadOnlyList<ConfigEntry> Entries
    {
        get => EntryList?.Value ?? [];
        init => EntryList = new(value);
    }

    /// <summary>Gets how <see cref="Entries"/> is listed when first read (what loading bound, see <see cref="ConfigLoader"/>).</summary>
    internal Lazy<IReadOnlyList<ConfigEntry>>? EntryList { get; init; }

    /// <summary>Gets the project's state folder (<c>.memfun/</c> under the project root).</summary>
    public string StateDirectory => System.IO.Path.Combine(ProjectRoot, ".memfun");

    /// <summary>Gets the folder of the project's recorded runs (<c>.memfun/traces/</c>).</summary>
    public string TracesDirectory => TracesDirectoryOf(ProjectRoot);

    /// <summary>Returns the folder of recorded runs of the project at <paramref name="projectRoot"/> (<c>.memfun/traces/</c>).</summary>
    public static string TracesDirectoryOf(string projectRoot) => System.IO.Path.Combine(projectRoot, ".memfun", "traces");

    /// <summary>Resolves a configured path against the project root.</summary>
    public string ResolvePath(string path) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectRoot, path));
}
