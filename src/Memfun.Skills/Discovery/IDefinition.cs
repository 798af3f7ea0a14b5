using Memfun.Tools.Permissions;

namespace Memfun.Skills.Discovery;

/// <summary>What precedence needs of a skill or agent definition: its name, file and the trust of its folder.</summary>
public interface IDefinition
{
    /// <summary>Gets the name definitions collide on.</summary>
    string Name { get; }

    /// <summary>Gets the definition file.</summary>
    string FilePath { get; }

    /// <summary>Gets the trust tier of the folder it came from.</summary>
    TrustTier Trust { get; }
}
