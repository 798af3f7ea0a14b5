namespace Memfun.Tools.Permissions;

/// <summary>How far a caller is trusted, from where it came; decides what it may do without asking.</summary>
/// <remarks>Ordered from most to least trusted.</remarks>
public enum TrustTier
{
    /// <summary>The user's own session: the coding commands, chat, and the user's MCP clients.</summary>
    Operator,

    /// <summary>Shipped with Memfun.</summary>
    BuiltIn,

    /// <summary>Installed by the user in <c>$XDG_CONFIG_HOME/memfun/skills/</c>.</summary>
    User,

    /// <summary>Part of the project (<c>.memfun/skills/</c>, <c>.agents/skills/</c>); a cloned repository may carry these.</summary>
    Project,

    /// <summary>Loaded from any other path (a download, another checkout).</summary>
    Untrusted,
}
