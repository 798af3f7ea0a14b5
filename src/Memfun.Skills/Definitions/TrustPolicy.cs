namespace Memfun.Skills.Definitions;

/// <summary>What a trust tier may do without asking: run commands and scripts, write files, use the network.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Commands">Running commands (<c>Bash</c>, the skill's <c>scripts/</c>).</param>
/// <param name="Writes">Writing project files (edits are always shown as a diff first).</param>
/// <param name="Network">Using the network.</param>
public sealed record TrustPolicy(TrustTier Tier, Permission Commands, Permission Writes, Permission Network)
{
    /// <summary>Returns the policy of <paramref name="tier"/>.</summary>
    /// <remarks>
    /// Built-in and user skills were installed on purpose, so their commands run without asking; project skills
    /// arrive with whatever repository was cloned, so each command is approved; untrusted skills may only read.
    /// Writes are always approved as a diff; the network always asks.
    /// </remarks>
    public static TrustPolicy For(TrustTier tier) => tier switch
    {
        TrustTier.BuiltIn => new(tier, Permission.Allow, Permission.Ask, Permission.Ask),
        TrustTier.User => new(tier, Permission.Allow, Permission.Ask, Permission.Ask),
        TrustTier.Project => new(tier, Permission.Ask, Permission.Ask, Permission.Ask),
        _ => new(TrustTier.Untrusted, Permission.Deny, Permission.Deny, Permission.Deny),
    };

    /// <summary>Returns the permission for a kind of tool (reading, listing and searching are always allowed).</summary>
    public Permission For(ToolKind kind) => kind switch
    {
        ToolKind.Command => Commands,
        ToolKind.Edit or ToolKind.Write => Writes,
        ToolKind.Network => Network,
        _ => Permission.Allow,
    };
}
