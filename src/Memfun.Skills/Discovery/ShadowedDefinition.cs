using Memfun.Tools.Permissions;

namespace Memfun.Skills.Discovery;

/// <summary>A valid definition hidden by one of the same name found earlier in precedence order.</summary>
/// <param name="Name">The shared name.</param>
/// <param name="Path">The hidden definition's file.</param>
/// <param name="Trust">The hidden definition's tier.</param>
/// <param name="WinnerPath">The file that won.</param>
/// <param name="WinnerTrust">The winner's tier.</param>
public sealed record ShadowedDefinition(string Name, string Path, TrustTier Trust, string WinnerPath, TrustTier WinnerTrust)
{
    /// <summary>Gets why the winner won, for <c>skill list</c>.</summary>
    public string Reason => WinnerTrust == Trust
        ? $"{TrustTiers.Name(WinnerTrust)} definition {WinnerPath} is found first and shadows {Path}"
        : $"{TrustTiers.Name(WinnerTrust)} definitions take precedence over {TrustTiers.Name(Trust)} ones: {WinnerPath} shadows {Path}";
}
