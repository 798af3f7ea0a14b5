namespace Memfun.Tools.Permissions;

/// <summary>Whether an action needs the user's approval.</summary>
public enum Permission
{
    /// <summary>Done without asking.</summary>
    Allow,

    /// <summary>Done only after the user approves (or <c>--yes</c>).</summary>
    Ask,

    /// <summary>Never done; asking for it is an error.</summary>
    Deny,
}
