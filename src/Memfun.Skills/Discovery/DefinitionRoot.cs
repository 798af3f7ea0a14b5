using Memfun.Tools.Permissions;

namespace Memfun.Skills.Discovery;

/// <summary>A folder searched for skill or agent folders, and the trust tier of what is found there.</summary>
/// <param name="Directory">The folder (it need not exist).</param>
/// <param name="Trust">The tier of its definitions.</param>
public sealed record DefinitionRoot(string Directory, TrustTier Trust);
