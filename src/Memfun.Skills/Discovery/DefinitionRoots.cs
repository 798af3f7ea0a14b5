using Memfun.Tools.Permissions;

namespace Memfun.Skills.Discovery;

/// <summary>Where skills and agents are found, in precedence order: the project, the user, then the built-ins.</summary>
public static class DefinitionRoots
{
    /// <summary>Gets the folder the built-in skills and agents ship in (next to the Memfun assemblies).</summary>
    public static string BuiltInDirectory => AppContext.BaseDirectory;

    /// <summary>
    /// Returns the skill roots: <c>.memfun/skills/</c> and <c>.agents/skills/</c> in the project,
    /// <c>$XDG_CONFIG_HOME/memfun/skills/</c> (or <c>~/.config/memfun/skills/</c>), and the built-in <c>skills/</c>.
    /// </summary>
    public static IReadOnlyList<DefinitionRoot> Skills(string projectRoot, IReadOnlyDictionary<string, string?> environment, string? builtInDirectory = null) =>
        Roots(projectRoot, environment, builtInDirectory, "skills");

    /// <summary>Returns the agent roots: <c>.memfun/agents/</c> and <c>.agents/agents/</c>, the user's <c>memfun/agents/</c>, and the built-in <c>agents/</c>.</summary>
    public static IReadOnlyList<DefinitionRoot> Agents(string projectRoot, IReadOnlyDictionary<string, string?> environment, string? builtInDirectory = null) =>
        Roots(projectRoot, environment, builtInDirectory, "agents");

    /// <summary>Returns the user's configuration folder for Memfun (<c>$XDG_CONFIG_HOME/memfun</c>).</summary>
    public static string UserDirectory(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configHome = environment.GetValueOrDefault("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
        {
            var home = environment.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            configHome = Path.Combine(home, ".config");
        }

        return Path.Combine(configHome, "memfun");
    }

    private static List<DefinitionRoot> Roots(string projectRoot, IReadOnlyDictionary<string, string?> environment, string? builtInDirectory, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectRoot);
        return
        [
            new(Path.Combine(projectRoot, ".memfun", kind), TrustTier.Project),
            new(Path.Combine(projectRoot, ".agents", kind), TrustTier.Project),
            new(Path.Combine(UserDirectory(environment), kind), TrustTier.User),
            new(Path.Combine(builtInDirectory ?? BuiltInDirectory, kind), TrustTier.BuiltIn),
        ];
    }
}
