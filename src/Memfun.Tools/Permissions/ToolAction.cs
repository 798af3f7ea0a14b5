namespace Memfun.Tools.Permissions;

/// <summary>What a tool call does, as far as permissions are concerned.</summary>
public enum ToolAction
{
    /// <summary>Reads, lists or searches the project.</summary>
    Read,

    /// <summary>Changes project files or the repository.</summary>
    Write,

    /// <summary>Runs a program.</summary>
    Command,

    /// <summary>Reaches outside the project: the web, another MCP server.</summary>
    Network,
}
