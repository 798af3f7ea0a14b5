using Memfun.Core.Errors;
using Memfun.Skills.Definitions;
using Memfun.Tools.Permissions;

namespace Memfun.Skills.Execution;

/// <summary>What a skill or agent may use once its requested tools are checked against its trust tier.</summary>
/// <param name="Policy">The trust tier's policy.</param>
/// <param name="RepositoryTools">The repository tools offered (<c>read_file</c>, <c>list_files</c>, <c>search</c>, <c>edit_file</c>, <c>write_file</c>).</param>
/// <param name="Commands">The <c>Bash</c> entries; empty when no command may run.</param>
/// <param name="Network">Whether the network was asked for.</param>
public sealed record ToolGrant(TrustPolicy Policy, IReadOnlySet<string> RepositoryTools, IReadOnlyList<ToolRequest> Commands, bool Network)
{
    private static readonly string[] ReadOnlyTools = ["read_file", "list_files", "search"];

    /// <summary>Gets a value indicating whether edit tools are offered.</summary>
    public bool Editing => RepositoryTools.Contains("edit_file") || RepositoryTools.Contains("write_file");

    /// <summary>
    /// Gets the policy the run's tool calls are decided by: the tier's permission for what <c>allowed-tools</c> asked for,
    /// and <see cref="Permission.Deny"/> for the rest (a skill that did not ask for the network gets none).
    /// </summary>
    public TrustPolicy Effective => Policy with
    {
        Commands = Commands.Count > 0 ? Policy.Commands : Permission.Deny,
        Writes = Editing ? Policy.Writes : Permission.Deny,
        Network = Network ? Policy.Network : Permission.Deny,
    };

    /// <summary>Checks <paramref name="requested"/> against <paramref name="trust"/>'s policy.</summary>
    /// <remarks>No tools requested means the read-only tools. Unknown tools are ignored (validation warned about them).</remarks>
    /// <exception cref="SkillException">A requested tool is denied to the tier (<see cref="MemfunErrorCodes.SkillInvalid"/>).</exception>
    public static ToolGrant Resolve(string who, IReadOnlyList<ToolRequest> requested, TrustTier trust)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var policy = TrustPolicy.For(trust);
        var denied = new List<ToolRequest>();
        var commands = new List<ToolRequest>();
        var network = false;

        // Loops, not LINQ: `memfun skill info` resolves a grant at start-up, where a first LINQ operator costs more (issue 20).
        foreach (var tool in requested)
        {
            if (policy.For(tool.Kind.Action()) == Permission.Deny)
            {
                denied.Add(tool);
            }

            if (tool.Kind == ToolKind.Command)
            {
                commands.Add(tool);
            }

            network |= tool.Kind == ToolKind.Network;
        }

        if (denied.Count > 0)
        {
            throw new SkillException(MemfunErrorCodes.SkillInvalid,
                $"'{who}' is {TrustTiers.Name(trust)} and asks for {string.Join(", ", ToolRequest.Texts(denied))} in its allowed tools, which {TrustTiers.Name(trust)} skills and agents may not use (only reading, listing and searching).")
            {
                Hint = "Review it, then install it as a user or project skill (memfun skill create, or copy it to .memfun/skills/) to trust it more.",
            };
        }

        if (requested.Count == 0)
        {
            return new ToolGrant(policy, new HashSet<string>(ReadOnlyTools, StringComparer.Ordinal), [], false);
        }

        var tools = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in requested)
        {
            var name = tool.Kind switch
            {
                ToolKind.Read => "read_file",
                ToolKind.List => "list_files",
                ToolKind.Search => "search",
                ToolKind.Edit => "edit_file",
                ToolKind.Write => "write_file",
                _ => null,
            };
            if (name is not null)
            {
                tools.Add(name);
            }
        }

        return new ToolGrant(policy, tools, commands, network);
    }
}
