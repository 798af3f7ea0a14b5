using Memfun.Tools.Permissions;

namespace Memfun.Skills.Definitions;

/// <summary>Maps what <c>allowed-tools</c> names onto the actions the trust policy decides.</summary>
public static class ToolKindActions
{
    /// <summary>Returns the action <paramref name="kind"/> stands for (reading, listing and searching are reads).</summary>
    public static ToolAction Action(this ToolKind kind) => kind switch
    {
        ToolKind.Edit or ToolKind.Write => ToolAction.Write,
        ToolKind.Command => ToolAction.Command,
        ToolKind.Network => ToolAction.Network,
        _ => ToolAction.Read,
    };
}
