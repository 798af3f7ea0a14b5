namespace Memfun.Tools.Permissions;

/// <summary>The text forms of <see cref="TrustTier"/> used in frontmatter, JSON and the skill registry.</summary>
/// <remarks><see cref="TrustTier.Operator"/> is never parsed: no definition file can claim the user's own trust.</remarks>
public static class TrustTiers
{
    // The tiers a definition may name (not the operator's): an array, not Enum.GetValues and LINQ, which are compiled
    // at run time even in a ReadyToRun build and every listing command parses tiers (issue 20).
    private static readonly TrustTier[] Named = [TrustTier.BuiltIn, TrustTier.User, TrustTier.Project, TrustTier.Untrusted];

    /// <summary>Returns <c>builtin</c>, <c>user</c>, <c>project</c> or <c>untrusted</c>.</summary>
    public static string Name(TrustTier tier) => tier switch
    {
        TrustTier.Operator => "operator",
        TrustTier.BuiltIn => "builtin",
        TrustTier.User => "user",
        TrustTier.Project => "project",
        _ => "untrusted",
    };

    /// <summary>Parses a tier's name (case-insensitive).</summary>
    public static bool TryParse(string? text, out TrustTier tier)
    {
        foreach (var candidate in Named)
        {
            if (string.Equals(Name(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                tier = candidate;
                return true;
            }
        }

        tier = TrustTier.Untrusted;
        return false;
    }
}
