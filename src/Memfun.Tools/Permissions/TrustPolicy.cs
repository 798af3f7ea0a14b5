namespace Memfun.Tools.Permissions;

/// <summary>
/// What a caller may do without asking: run commands, write files, reach the network. The one table every tool call is
/// decided by: <see cref="Mcp.MemfunTool"/> applies it to each call, skills and AGENT.md agents resolve their
/// <c>allowed-tools</c> against it, and MCP clients get the operator's policy.
/// </summary>
/// <param name="Tier">The tier.</param>
/// <param name="Commands">Running commands (<c>Bash</c>, a skill's <c>scripts/</c>).</param>
/// <param name="Writes">Writing project files (an agent run stages them and shows a diff first).</param>
/// <param name="Network">Reaching outside the project: web tools and other MCP servers' tools.</param>
public sealed record TrustPolicy(TrustTier Tier, Permission Commands, Permission Writes, Permission Network)
{
    /// <summary>Returns the policy of <paramref name="tier"/>.</summary>
    /// <remarks>
    /// Built-in and user skills were installed on purpose, so their commands and network use run without asking;
    /// project skills arrive with whatever repository was cloned, so each is approved; untrusted skills may only read.
    /// Writes are always approved as a diff. The operator (the user's own session) writes only when the session allows
    /// it and never runs commands through a tool.
    /// </remarks>
    public static TrustPolicy For(TrustTier tier) => tier switch
    {
        TrustTier.Operator => Operator(allowWrites: false),
        TrustTier.BuiltIn => new(tier, Permission.Allow, Permission.Ask, Permission.Allow),
        TrustTier.User => new(tier, Permission.Allow, Permission.Ask, Permission.Allow),
        TrustTier.Project => new(tier, Permission.Ask, Permission.Ask, Permission.Ask),
        _ => new(TrustTier.Untrusted, Permission.Deny, Permission.Deny, Permission.Deny),
    };

    /// <summary>Returns the policy of the user's own session (the coding commands, an MCP client of <c>memfun mcp serve</c>).</summary>
    /// <param name="allowWrites">Whether the session may write (<c>--allow-writes</c>); otherwise a write needs approval it cannot get.</param>
    public static TrustPolicy Operator(bool allowWrites) =>
        new(TrustTier.Operator, Permission.Deny, allowWrites ? Permission.Allow : Permission.Ask, Permission.Allow);

    /// <summary>Returns the permission for <paramref name="action"/> (reading, listing and searching are always allowed).</summary>
    public Permission For(ToolAction action) => action switch
    {
        ToolAction.Command => Commands,
        ToolAction.Write => Writes,
        ToolAction.Network => Network,
        _ => Permission.Allow,
    };
}
