namespace Memfun.Skills.Definitions;

/// <summary>What a tool named in <c>allowed-tools</c> (or an agent's <c>tools</c>) lets a skill do.</summary>
public enum ToolKind
{
    /// <summary>A name Memfun does not know; ignored with a warning.</summary>
    Unknown,

    /// <summary><c>Read</c>: read project files (<c>read_file</c>).</summary>
    Read,

    /// <summary><c>Glob</c> or <c>LS</c>: list project files (<c>list_files</c>).</summary>
    List,

    /// <summary><c>Grep</c>: search project files (<c>search</c>).</summary>
    Search,

    /// <summary><c>Edit</c> or <c>MultiEdit</c>: change project files (<c>edit_file</c>, staged for approval).</summary>
    Edit,

    /// <summary><c>Write</c>: create or replace project files (<c>write_file</c>, staged for approval).</summary>
    Write,

    /// <summary><c>Bash</c> or <c>Bash(git:*)</c>: run commands, including the skill's scripts (<c>run_command</c>).</summary>
    Command,

    /// <summary><c>WebFetch</c> or <c>WebSearch</c>: use the network.</summary>
    Network,
}
